/**
 * patches/kafkajs+2.2.4.patch (applied by npm ci's postinstall): kafkajs's Encoder takes its memory
 * from Node's buffer pool and writes varints in place. Here: the patch is in effect, and what the
 * patched encoder writes, kafkajs's own decoder reads back unchanged.
 */
import fc from 'fast-check';

interface KafkajsEncoder {
  buf: Buffer;
  buffer: Buffer;
  writeVarInt(value: number): KafkajsEncoder;
  writeUVarInt(value: number): KafkajsEncoder;
  writeInt32(value: number): KafkajsEncoder;
}
interface KafkajsDecoder {
  readVarInt(): number;
  readUVarInt(): number;
  readInt32(): number;
  canReadBytes(length: number): boolean;
}
interface DecodedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
  offset: string;
}
type RecordInput = { offsetDelta: number; key: string; value: Buffer; headers: Record<string, string> };

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's protocol modules have no types */
const Encoder = require('kafkajs/src/protocol/encoder') as new (initialSize?: number) => KafkajsEncoder;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkajsDecoder;
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (
  r: RecordInput,
) => KafkajsEncoder;
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
  decoder: KafkajsDecoder,
  context: { firstOffset: string; firstTimestamp: string },
) => DecodedRecord;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Kafka's unsigned varint, byte by byte (LEB128), as the protocol defines it. */
function unsignedVarint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return bytes;
}

describe("the project's patch of kafkajs's Encoder", () => {
  it("is in effect: an encoder's memory is a slice of Node's pool, not a buffer of its own", () => {
    expect(new Encoder().buf.buffer.byteLength).toBe(Buffer.poolSize);
  });

  it('writes varints as the protocol defines them, and kafkajs reads them back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat(), (signed, unsigned) => {
        const encoder = new Encoder(1).writeVarInt(signed).writeUVarInt(unsigned).writeInt32(7);
        const zigzag = ((signed << 1) ^ (signed >> 31)) >>> 0;
        expect([...encoder.buffer]).toEqual([
          ...unsignedVarint(zigzag),
          ...unsignedVarint(unsigned),
          ...[0, 0, 0, 7],
        ]);
        const decoder = new Decoder(encoder.buffer);
        expect([decoder.readVarInt(), decoder.readUVarInt(), decoder.readInt32()]).toEqual([
          signed,
          unsigned,
          7,
        ]);
        expect(decoder.canReadBytes(1)).toBe(false);
      }),
    );
  });

  it('encodes records that kafkajs decodes to the same key, value and headers, past a buffer growing', () => {
    // Prefixed: kafkajs's decoder gathers headers in a plain object, so a key such as `constructor`
    // would meet Object.prototype's (a quirk of its decoder, not of the encoding).
    const header = fc.string({ unit: 'grapheme', maxLength: 20 }).map((name) => `x-${name}`);
    fc.assert(
      fc.property(
        fc.nat({ max: 100_000 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.uint8Array({ maxLength: 1500 }),
        fc.dictionary(header, fc.string({ unit: 'grapheme', maxLength: 80 }), { maxKeys: 9 }),
        (offsetDelta, key, value, headers) => {
          const encoded = encodeRecord({ offsetDelta, key, value: Buffer.from(value), headers }).buffer;
          const decoder = new Decoder(encoded);
          const length = decoder.readVarInt();
          const record = decodeRecord(decoder, { firstOffset: '0', firstTimestamp: '0' });
          expect(length).toBe(encoded.length - unsignedVarint(length << 1).length);
          expect(record.offset).toBe(String(offsetDelta));
          expect(record.key?.toString()).toBe(key);
          expect(record.value).toEqual(Buffer.from(value));
          expect(
            Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, v.toString()])),
          ).toEqual(headers);
        },
      ),
    );
  });
});
