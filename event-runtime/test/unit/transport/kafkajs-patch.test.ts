/**
 * patches/kafkajs+2.2.4.patch (applied by npm ci's postinstall): kafkajs's Encoder takes its memory
 * from Node's buffer pool and writes varints in place (a varlong within int32 by the varint's path), a
 * record's headers are written into the record's own encoder, the record decoder gathers a record's
 * headers into one object, the producer groups a batch's messages by partition in linear time, and
 * CRC-32C goes eight bytes a step. Here: the patch is in effect, what the patched encoder writes the
 * patched decoder reads back unchanged, the headers come out as kafkajs's own code gathered them, the
 * grouping keeps each partition's order, and the checksum is CRC-32C's.
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
  writeVarLong(value: number | KafkajsLong): KafkajsEncoder;
  writeInt8(value: number): KafkajsEncoder;
  writeVarIntBytes(value: string | Buffer): KafkajsEncoder;
  writeVarIntArray(array: KafkajsEncoder[]): KafkajsEncoder;
}
/** kafkajs's Long (utils/long.js), around a BigInt. */
type KafkajsLong = object;
interface KafkajsDecoder {
  readVarInt(): number;
  readUVarInt(): number;
  readInt32(): number;
  readVarLong(): { toString(): string };
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
  timestampDelta?: number;
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
const EncoderStatics = Encoder as unknown as { sizeOfVarLong(value: number | KafkajsLong): number };
const Long = require('kafkajs/src/utils/long') as { fromNumber(value: number): KafkajsLong };
const encodeHeader = require('kafkajs/src/protocol/recordBatch/header/v0') as (header: {
  key: string;
  value: string;
}) => KafkajsEncoder;
const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (buffer: Buffer) => number;
const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition') as <M>(args: {
  topic: string;
  partitionMetadata: readonly unknown[];
  messages: readonly M[];
  partitioner: (args: { message: M }) => number;
}) => Record<string, M[]>;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * A record as kafkajs 2.2.4 wrote it before the patch: each header (one per element of an array value)
 * through kafkajs's own header encoder, still shipped, then all of them as a varint-counted array; the
 * timestamp delta as a varlong through kafkajs's Long path.
 */
function referenceRecord({
  offsetDelta,
  timestampDelta,
  key,
  value,
  headers,
}: RecordInput & { timestampDelta: number }): Buffer {
  const pairs = Object.keys(headers).flatMap((name) => {
    const given = headers[name]!;
    return (Array.isArray(given) ? given : [given]).map((text) => ({ key: name, value: text }));
  });
  const body = new Encoder()
    .writeInt8(0)
    .writeVarLong(Long.fromNumber(timestampDelta))
    .writeVarInt(offsetDelta)
    .writeVarIntBytes(key)
    .writeVarIntBytes(value)
    .writeVarIntArray(pairs.map(encodeHeader));
  return Buffer.concat([new Encoder().writeVarInt(body.buffer.length).buffer, body.buffer]);
}

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) bit by bit, as RFC 3720 defines it. */
function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

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

const realAllocUnsafe = Buffer.allocUnsafe.bind(Buffer);

/**
 * Runs `check` with every `Buffer.allocUnsafe` filled with 0xAA first: a fresh pool is often zeroed, so
 * a byte the encoder skipped instead of writing would otherwise pass for a written 0.
 */
function onDirtyMemory(check: () => void): void {
  const dirty = jest
    .spyOn(Buffer, 'allocUnsafe')
    .mockImplementation((size) => realAllocUnsafe(size).fill(0xaa));
  try {
    check();
    expect(dirty).toHaveBeenCalled();
  } finally {
    dirty.mockRestore();
  }
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

/**
 * Headers as the patched decoder gathers them: one own property per name (a name such as `constructor`
 * or `__proto__` included), a repeated name as an array of its values in the order they came.
 */
function gatheredInOrder(pairs: [string, string][]): Record<string, Buffer | Buffer[]> {
  const gathered = new Map<string, Buffer[]>();
  for (const [key, text] of pairs) gathered.set(key, [...(gathered.get(key) ?? []), Buffer.from(text)]);
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const [key, values] of gathered) {
    const value = values.length === 1 ? values[0]! : values;
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
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
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/record\/v0\/index\.js$/)]));
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/crc32C\/crc32C\.js$/)]));
    expect(files).toEqual(
      expect.arrayContaining([expect.stringMatching(/producer\/groupMessagesPerPartition\.js$/)]),
    );
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
    onDirtyMemory(() =>
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
        // The edges of each varint length, zero and the int32 limits always, whatever the random runs.
        {
          examples: [
            [0, 0],
            [-1, 127],
            [63, 128],
            [-64, 16_383],
            [-65, 16_384],
            [2 ** 31 - 1, 2 ** 31 - 1],
            [-(2 ** 31), 2 ** 28],
          ],
        },
      ),
    );
  });

  it('encodes records that kafkajs decodes to the same key, value and headers', () => {
    // Prefixed, so that the dictionaries stay plain objects: names such as `__proto__` have a test of
    // their own below.
    const header = fc.string({ unit: 'grapheme', maxLength: 20 }).map((name) => `x-${name}`);
    onDirtyMemory(() =>
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
      ),
    );
  });

  it("writes a record's bytes exactly as kafkajs's own header encoder and Long path did", () => {
    const header = fc.string({ unit: 'grapheme', maxLength: 20 }).map((name) => `x-${name}`);
    const text = fc.string({ unit: 'grapheme', maxLength: 60 });
    onDirtyMemory(() =>
      fc.assert(
        fc.property(
          fc.nat({ max: 100_000 }),
          fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
          fc.string({ maxLength: 40 }),
          fc.uint8Array({ maxLength: 600 }),
          fc.dictionary(header, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 9 }),
          (offsetDelta, timestampDelta, key, value, headers) => {
            const record = { offsetDelta, timestampDelta, key, value: Buffer.from(value), headers };
            expect(encodeRecord(record).buffer).toEqual(referenceRecord(record));
          },
        ),
      ),
    );
  });

  it('gathers each header once, a repeated one into an array in the order sent, whatever its name', () => {
    const name = fc.constantFrom('a', 'b', 'ce_id', 'constructor', 'toString', '__proto__');
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 30 })), { maxLength: 12 }), (pairs) => {
        // The encoder writes an array value as one header per element, names in first-seen order.
        const byName = new Map<string, string[]>();
        for (const [key, text] of pairs) byName.set(key, [...(byName.get(key) ?? []), text]);
        const sent: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
        for (const [key, texts] of byName) sent[key] = texts;
        const inSentOrder = [...byName].flatMap(([key, texts]) =>
          texts.map((text): [string, string] => [key, text]),
        );
        const headers = roundTripHeaders(sent);
        expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
        expect(Object.keys(headers)).toEqual([...byName.keys()]);
        for (const key of byName.keys()) {
          expect(Object.getOwnPropertyDescriptor(headers, key)?.value).toEqual(
            Object.getOwnPropertyDescriptor(gatheredInOrder(inSentOrder), key)?.value,
          );
        }
      }),
    );
  });

  it('keeps a header named __proto__ or constructor as the header it is', () => {
    const headers = roundTripHeaders(
      JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string>,
    );
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toEqual(Buffer.from('x'));
    expect(headers['constructor']).toEqual(Buffer.from('y'));
  });

  it("computes CRC-32C: RFC 3720's vectors, and the bitwise definition at every length around 8", () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32C(Buffer.alloc(32))).toBe(0x8a9136aa);
    expect(crc32C(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32C(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
    expect(crc32C(Buffer.alloc(0))).toBe(0);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat({ max: 7 }), (bytes, skip) => {
        // At an offset into a larger buffer too, as kafkajs passes a slice of its encoder's memory.
        const sliced = Buffer.concat([Buffer.alloc(skip, 0xaa), bytes]).subarray(skip);
        expect(crc32C(sliced)).toBe(crc32cBitwise(bytes));
      }),
    );
  });

  it("groups a batch's messages by partition, each partition's in the order given", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5 }), { maxLength: 200 }), (partitions) => {
        const messages = partitions.map((partition, index) => ({ partition, index }));
        const grouped = groupMessagesPerPartition({
          topic: 't',
          partitionMetadata: [{}],
          messages,
          partitioner: ({ message }) => message.partition,
        });
        const expected: Record<string, typeof messages> = {};
        for (const message of messages) (expected[message.partition] ??= []).push(message);
        expect(grouped).toEqual(expected);
      }),
    );
    expect(
      groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages: [1], partitioner: () => 0 }),
    ).toEqual({});
  });

  it("writes a varlong byte for byte as kafkajs's Long path, within int32 by the varint's", () => {
    onDirtyMemory(() =>
      fc.assert(
        fc.property(
          fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.maxSafeInteger()),
          (value) => {
            // A Long takes kafkajs's own path, so it is the oracle for the number's (past int32 both do).
            const viaLong = new Encoder(1).writeVarLong(Long.fromNumber(value)).buffer;
            const encoded = new Encoder(1).writeVarLong(value).buffer;
            expect([...encoded]).toEqual([...viaLong]);
            expect(EncoderStatics.sizeOfVarLong(value)).toBe(viaLong.length);
            expect(EncoderStatics.sizeOfVarLong(Long.fromNumber(value))).toBe(viaLong.length);
            expect(new Decoder(encoded).readVarLong().toString()).toBe(String(value));
          },
        ),
        {
          examples: [[0], [-1], [63], [-64], [64], [2 ** 31 - 1], [-(2 ** 31)], [2 ** 31], [-(2 ** 31) - 1]],
        },
      ),
    );
  });
});
