/**
 * patches/kafkajs+2.2.4.patch (applied by npm ci's postinstall): kafkajs's Encoder takes its memory
 * from Node's buffer pool and writes varints in place, and its record decoder gathers a record's
 * headers into one object. Here: the patch is in effect, what the patched encoder writes the patched
 * decoder reads back unchanged, and the headers come out as kafkajs's own code gathered them.
 */
import fs from 'node:fs';
import path from 'node:path';
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
type RecordInput = {
  offsetDelta: number;
  key: string;
  value: Buffer;
  headers: Record<string, string | string[]>;
};

const REPO_ROOT = path.resolve(__dirname, '../../../..');

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

/** A record's headers read back by kafkajs's decoder, from the record the patched encoder wrote. */
function roundTripHeaders(headers: Record<string, string | string[]>): Record<string, Buffer | Buffer[]> {
  const decoder = new Decoder(
    encodeRecord({ offsetDelta: 0, key: 'k', value: Buffer.from('v'), headers }).buffer,
  );
  decoder.readVarInt();
  return decodeRecord(decoder, { firstOffset: '0', firstTimestamp: '0' }).headers as Record<
    string,
    Buffer | Buffer[]
  >;
}

/** How kafkajs 2.2.4 gathered headers before the patch: a repeated key becomes an array, in order. */
function gatheredAsKafkajsDid(pairs: [string, string][]): Record<string, Buffer | Buffer[]> {
  return pairs.reduce<Record<string, Buffer | Buffer[]>>((obj, [key, text]) => {
    const value = Buffer.from(text);
    const seen = obj[key];
    return {
      ...obj,
      [key]: seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value],
    };
  }, {});
}

describe("the project's patch of kafkajs's Encoder and record decoder", () => {
  it("is in effect: an encoder's memory is a slice of Node's pool, not a buffer of its own", () => {
    expect(new Encoder().buf.buffer.byteLength).toBe(Buffer.poolSize);
  });

  it('is in effect in every file it changes', () => {
    const patch = fs.readFileSync(path.join(REPO_ROOT, 'patches', 'kafkajs+2.2.4.patch'), 'utf8');
    const files = [...patch.matchAll(/^\+\+\+ b\/(node_modules\/\S+)$/gm)].map((m) => m[1]!);
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/encoder\.js$/)]));
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/record\/v0\/decoder\.js$/)]));
    for (const file of files) {
      expect({
        file,
        patched: fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').includes('contract-events patch'),
      }).toEqual({
        file,
        patched: true,
      });
    }
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

  it('gathers headers as kafkajs did, a repeated one into an array in the order sent', () => {
    const name = fc.constantFrom('a', 'b', 'ce_id', 'x-long-header-name');
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 30 })), { maxLength: 12 }), (pairs) => {
        // The encoder writes an array value as one header per element, keys in first-seen order.
        const sent: Record<string, string[]> = {};
        for (const [key, text] of pairs) (sent[key] ??= []).push(text);
        const inSentOrder = Object.entries(sent).flatMap(([key, texts]) =>
          texts.map((text): [string, string] => [key, text]),
        );
        expect(roundTripHeaders(sent)).toEqual(gatheredAsKafkajsDid(inSentOrder));
      }),
    );
  });

  it("keeps a header named __proto__ as a header, not as the object's prototype", () => {
    const headers = roundTripHeaders(JSON.parse('{"__proto__": "x", "a": "1"}') as Record<string, string>);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.keys(headers).sort()).toEqual(['__proto__', 'a']);
  });
});
