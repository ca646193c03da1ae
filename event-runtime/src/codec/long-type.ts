/**
 * Avro `long` as a JavaScript `bigint`, exact over the whole 64-bit range. avsc's default long is a
 * `number`, which cannot hold every integer above 2^53: a Java producer's id or a microsecond
 * timestamp would be rounded without a word. Codegen types every `long` (and the long-based time
 * types we keep raw, such as `timestamp-micros`) as `bigint` to match.
 *
 * Built with avsc's hook for custom longs (`LongType.__with`): avsc unpacks the zig-zag varint into
 * 8 little-endian two's-complement bytes, which Node reads and writes as a bigint natively, so a value
 * costs one 8-byte buffer and no arithmetic of ours.
 */
import { Type, types } from 'avsc';

/** The smallest Avro long, -2^63. */
export const LONG_MIN = -(2n ** 63n);
/** The largest Avro long, 2^63 - 1. */
export const LONG_MAX = 2n ** 63n - 1n;

/** True when `value` is a bigint that fits in an Avro long. */
export function isAvroLong(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= LONG_MIN && value <= LONG_MAX;
}

/**
 * A long from JSON (a schema's default, avsc's copies): integral numbers, decimal strings or bigints.
 * Defaults come from JSON numbers, which are doubles: a default beyond 2^53 is already rounded by
 * `JSON.parse`, as in every JSON-based Avro implementation.
 */
function longFromJson(json: unknown): bigint {
  if (typeof json === 'bigint') return json;
  if (typeof json === 'number' && Number.isInteger(json)) return BigInt(json);
  if (typeof json === 'string' && /^-?\d+$/.test(json)) return BigInt(json);
  throw new TypeError(`expected an integer for an Avro long, got ${String(json)}`);
}

/**
 * A long for JSON: a number when the number is exactly the value (so exported schemas keep numeric
 * defaults), else its decimal string (so avsc's copies through JSON stay exact).
 */
function longToJson(value: bigint): number | string {
  const asNumber = Number(value);
  return BigInt(asNumber) === value ? asNumber : value.toString();
}

/** The shared, immutable bigint long type; pass it as `registry: { long: exactLongType }`. */
export const exactLongType: Type = types.LongType.__with({
  fromBuffer: (bytes: Buffer) => bytes.readBigInt64LE(0),
  toBuffer: (value: bigint) => {
    const bytes = Buffer.allocUnsafe(8);
    bytes.writeBigInt64LE(value);
    return bytes;
  },
  fromJSON: longFromJson,
  toJSON: longToJson,
  isValid: isAvroLong,
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

/** True for a plain Avro long, ours (`abstract:long`) or avsc's own. */
export function isLongType(type: Type): boolean {
  return Type.isType(type, 'long', 'abstract:long');
}
