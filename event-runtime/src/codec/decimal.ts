/**
 * Exact decimals for Avro's `decimal` logical type: strings like "12.50" on our side, the unscaled
 * value as big-endian two's-complement bytes on the wire (what Java's `BigDecimal.unscaledValue()
 * .toByteArray()` gives). Only BigInt arithmetic: a float would round amounts.
 */
import { describe } from './describe-value';

/** Precision and scale of one decimal type, as declared in its schema. */
export interface DecimalSpec {
  precision: number;
  scale: number;
}

const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Why `value` is not a decimal of `spec`, or undefined when it is one. */
export function decimalProblem(value: unknown, spec: DecimalSpec): string | undefined {
  try {
    parseDecimal(value, spec);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Parses a decimal string into its unscaled value at `spec.scale` ("12.5" at scale 2 → 1250n).
 *
 * @throws Error saying what is wrong: not a string, not a plain decimal, too many places or digits.
 */
export function parseDecimal(value: unknown, spec: DecimalSpec): bigint {
  if (typeof value !== 'string') {
    throw new Error(`expected a decimal string like "${example(spec)}", got ${describe(value)}`);
  }
  const match = DECIMAL_PATTERN.exec(value);
  if (!match) {
    throw new Error(`expected a decimal string like "${example(spec)}", got ${JSON.stringify(value)}`);
  }
  const [, sign = '', whole = '', fraction = ''] = match;
  if (fraction.length > spec.scale) {
    throw new Error(`expected a decimal with at most ${spec.scale} places, got ${JSON.stringify(value)}`);
  }
  const magnitude = BigInt(whole + fraction.padEnd(spec.scale, '0'));
  checkPrecision(magnitude, spec, value);
  return sign === '-' ? -magnitude : magnitude;
}

/**
 * Formats an unscaled value with exactly `spec.scale` places (1250n at scale 2 → "12.50").
 *
 * @throws Error when the value has more digits than `spec.precision`.
 */
export function formatDecimal(unscaled: bigint, spec: DecimalSpec): string {
  const magnitude = unscaled < 0n ? -unscaled : unscaled;
  const digits = magnitude.toString().padStart(spec.scale + 1, '0');
  const text =
    spec.scale === 0 ? digits : `${digits.slice(0, -spec.scale)}.${digits.slice(digits.length - spec.scale)}`;
  const signed = unscaled < 0n ? `-${text}` : text;
  checkPrecision(magnitude, spec, signed);
  return signed;
}

/** The minimal big-endian two's-complement bytes of `n` (-1n → ff, 128n → 00 80). */
export function toTwosComplement(n: bigint): Buffer {
  // One extra bit for the sign, as Java's BigInteger.toByteArray() does.
  const bits = (n < 0n ? -n - 1n : n).toString(2).length + 1;
  const length = Math.ceil(bits / 8);
  const unsigned = n < 0n ? (1n << BigInt(length * 8)) + n : n;
  return Buffer.from(unsigned.toString(16).padStart(length * 2, '0'), 'hex');
}

/**
 * Sign-extends `n` to exactly `size` bytes, for decimals over `fixed`.
 *
 * @throws RangeError when `n` does not fit.
 */
export function toTwosComplementFixed(n: bigint, size: number): Buffer {
  const minimal = toTwosComplement(n);
  if (minimal.length > size) {
    throw new RangeError(`decimal needs ${minimal.length} bytes, the fixed type has ${size}`);
  }
  return Buffer.concat([Buffer.alloc(size - minimal.length, n < 0n ? 0xff : 0x00), minimal]);
}

/**
 * Reads big-endian two's-complement bytes.
 *
 * @throws RangeError on zero bytes, which Java's BigInteger rejects too.
 */
export function fromTwosComplement(bytes: Buffer): bigint {
  if (bytes.length === 0) throw new RangeError('a decimal needs at least one byte');
  const unsigned = BigInt(`0x${bytes.toString('hex')}`);
  const negative = (bytes[0] ?? 0) >= 0x80;
  return negative ? unsigned - (1n << BigInt(bytes.length * 8)) : unsigned;
}

/** The largest precision whose every value fits in `size` bytes of two's complement. */
export function maxPrecisionForFixed(size: number): number {
  return ((1n << BigInt(size * 8 - 1)) - 1n).toString().length - 1;
}

function checkPrecision(magnitude: bigint, spec: DecimalSpec, shown: string): void {
  const digits = magnitude === 0n ? 1 : magnitude.toString().length;
  if (digits > spec.precision) {
    throw new Error(
      `expected a decimal with at most ${spec.precision} digits (${spec.precision - spec.scale} before the point), got ${JSON.stringify(shown)}`,
    );
  }
}

function example(spec: DecimalSpec): string {
  return spec.scale === 0 ? '12' : `12.${'5'.padEnd(spec.scale, '0')}`;
}
