/**
 * Avro `long` and `timestamp-micros` are exact bigints in the runtime (and so in the generated types):
 * round trips at the edges of the double and of the 64-bit range, bytes identical to the Avro
 * encoding (zig-zag varint, checked against a reference written here from the specification), and
 * resolution from int, in unions and between time units.
 */
import fc from 'fast-check';
import type { Schema, Type } from 'avsc';
import { avroTypeFor } from '../../../src/codec/logical-types';
import { LONG_MAX, LONG_MIN } from '../../../src/codec/long-type';
import { validateEvent } from '../../../src/codec/validate';

/** The specification's long encoding: zig-zag, then 7 bits a byte, low group first. */
function referenceEncoding(value: bigint): Buffer {
  let zigzag = value >= 0n ? value << 1n : (-value << 1n) - 1n;
  const bytes: number[] = [];
  do {
    const low = Number(zigzag & 0x7fn);
    zigzag >>= 7n;
    bytes.push(zigzag > 0n ? low | 0x80 : low);
  } while (zigzag > 0n);
  return Buffer.from(bytes);
}

const longType = avroTypeFor('long');
const microsType = avroTypeFor({ type: 'long', logicalType: 'timestamp-micros' });

const TWO_53 = 2n ** 53n;
const edges: [string, bigint][] = [
  ['0', 0n],
  ['-1', -1n],
  ['2^53 - 1 (largest safe number)', TWO_53 - 1n],
  ['2^53', TWO_53],
  ['2^53 + 1 (first integer a double cannot hold)', TWO_53 + 1n],
  ['-(2^53 + 1)', -(TWO_53 + 1n)],
  ['2^63 - 1 (largest long)', LONG_MAX],
  ['-2^63 (smallest long)', LONG_MIN],
];

describe('long is an exact bigint', () => {
  it.each(edges)('%s round-trips with the bytes of the Avro encoding', (_label, value) => {
    const bytes = longType.toBuffer(value);
    expect(bytes.equals(referenceEncoding(value))).toBe(true);
    expect(longType.fromBuffer(bytes)).toBe(value);
  });

  it('the extremes are the ten-byte varints of the specification', () => {
    expect(longType.toBuffer(LONG_MAX).toString('hex')).toBe('feffffffffffffffff01');
    expect(longType.toBuffer(LONG_MIN).toString('hex')).toBe('ffffffffffffffffff01');
  });

  it('any long round-trips and matches the reference encoding', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: LONG_MIN, max: LONG_MAX }), (value) => {
        const bytes = longType.toBuffer(value);
        return bytes.equals(referenceEncoding(value)) && longType.fromBuffer(bytes) === value;
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses numbers and bigints outside 64 bits instead of rounding or wrapping', () => {
    expect(longType.isValid(5)).toBe(false);
    expect(longType.isValid(LONG_MAX + 1n)).toBe(false);
    expect(longType.isValid(LONG_MIN - 1n)).toBe(false);
    expect(() => longType.toBuffer(LONG_MAX + 1n)).toThrow();
    expect(() => longType.toBuffer(Number(TWO_53) + 2)).toThrow();
  });

  it('reads an int writer as a bigint (promotion) and a field default as a bigint', () => {
    const writer = avroTypeFor({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] });
    const reader = avroTypeFor({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'long' },
        { name: 'b', type: 'long', default: 42 },
      ],
    });
    const read = reader.fromBuffer(writer.toBuffer({ a: -7 }), reader.createResolver(writer));
    expect(read).toEqual({ a: -7n, b: 42n });
  });

  it('works in unions, arrays and maps', () => {
    const type = avroTypeFor({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'maybe', type: ['null', 'long'] },
        { name: 'many', type: { type: 'array', items: 'long' } },
        { name: 'byKey', type: { type: 'map', values: 'long' } },
      ],
    } as Schema);
    const value = { maybe: TWO_53 + 1n, many: [LONG_MIN, LONG_MAX], byKey: { a: -(TWO_53 + 1n) } };
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
    expect(type.fromBuffer(type.toBuffer({ ...value, maybe: null }))).toEqual({ ...value, maybe: null });
  });

  it('a number where a long is expected is a field error saying a bigint is expected', () => {
    const type = avroTypeFor({ type: 'record', name: 'R', fields: [{ name: 'seq', type: 'long' }] });
    expect(validateEvent(type, { seq: 12 }, 'topic')).toEqual([
      {
        path: 'topic.seq',
        message: 'topic.seq: expected a bigint from -2^63 to 2^63-1 (Avro long), got 12',
      },
    ]);
  });
});

describe('timestamp-micros is an exact bigint of microseconds', () => {
  const micros = (iso: string, extra: bigint) => BigInt(Date.parse(iso)) * 1000n + extra;
  const far: [string, bigint][] = [
    ['the epoch', 0n],
    ['just before the epoch', -1n],
    ['2026 with microseconds', micros('2026-11-24T12:34:56.789Z', 123n)],
    ['year 2255, where micros pass 2^53', TWO_53 + 1n],
    ['9999-12-31T23:59:59.999999Z', micros('9999-12-31T23:59:59.999Z', 999n)],
    ['0001-01-01T00:00:00.000001Z', micros('0001-01-01T00:00:00.000Z', 1n)],
    ['the largest long', LONG_MAX],
    ['the smallest long', LONG_MIN],
  ];

  it.each(far)('%s round-trips exactly', (_label, value) => {
    const bytes = microsType.toBuffer(value);
    expect(bytes.equals(referenceEncoding(value))).toBe(true);
    expect(microsType.fromBuffer(bytes)).toBe(value);
  });

  it('refuses a Date or a number', () => {
    expect(microsType.isValid(new Date())).toBe(false);
    expect(microsType.isValid(1_700_000_000_000_000)).toBe(false);
  });

  it('does not resolve from another time unit or a plain long, nor into timestamp-millis', () => {
    const resolve = (reader: Type, writer: Type) => () => reader.createResolver(writer);
    const timeMicros = avroTypeFor({ type: 'long', logicalType: 'time-micros' });
    const localMicros = avroTypeFor({ type: 'long', logicalType: 'local-timestamp-micros' });
    const millis = avroTypeFor({ type: 'long', logicalType: 'timestamp-millis' });
    expect(resolve(microsType, microsType)).not.toThrow();
    expect(resolve(microsType, timeMicros)).toThrow();
    expect(resolve(microsType, localMicros)).toThrow();
    expect(resolve(microsType, longType)).toThrow();
    expect(resolve(millis, microsType)).toThrow();
  });
});

describe('the values the generated types promise', () => {
  it('long and timestamp-micros decode to bigint, timestamp-millis to Date, time-millis to number', () => {
    const type = avroTypeFor({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'big', type: 'long' },
        { name: 'micros', type: { type: 'long', logicalType: 'timestamp-micros' } },
        { name: 'millis', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'timeMillis', type: { type: 'int', logicalType: 'time-millis' } },
        { name: 'count', type: 'int' },
      ],
    });
    const value = { big: 1n, micros: 2n, millis: new Date(3), timeMillis: 4, count: 5 };
    const back = type.fromBuffer(type.toBuffer(value)) as typeof value;
    expect(back).toEqual(value);
    expect(typeof back.big).toBe('bigint');
    expect(typeof back.micros).toBe('bigint');
    expect(back.millis).toBeInstanceOf(Date);
    expect(typeof back.timeMillis).toBe('number');
  });
});
