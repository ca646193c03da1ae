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

/**
 * Up to this many digits the unscaled value is below 2^53, so plain numbers hold it exactly: the path
 * every amount we write takes, without a BigInt or a hex string per value.
 */
const EXACT_DIGITS = 15;
/** Bytes `Buffer.readIntBE` and `writeIntBE` handle (48 bits, below 2^53). */
export const EXACT_BYTES = 6;
/** 10^i, exact for i ≤ 22; a table, since `**` with a variable exponent is a call per value. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** 2^(8i-1) for i bytes: the smallest magnitude that no longer fits i bytes of two's complement. */
const BYTE_BOUNDS = Array.from({ length: EXACT_BYTES + 1 }, (_, i) => 2 ** (8 * i - 1));

/**
 * The `bytes` of a decimal: the minimal two's complement of its unscaled value (as
 * {@link toTwosComplement} of {@link parseDecimal}, with numbers when they are exact).
 *
 * @throws Error as {@link parseDecimal} does.
 */
export function decimalToBytes(value: unknown, spec: DecimalSpec): Buffer {
  const unscaled = typeof value === 'string' ? exactUnscaled(value, spec) : undefined;
  const length = unscaled === undefined ? 0 : exactByteLength(unscaled);
  if (length > 0) {
    const bytes = Buffer.allocUnsafe(length);
    bytes.writeIntBE(unscaled as number, 0, length);
    return bytes;
  }
  return toTwosComplement(parseDecimal(value, spec)); // the BigInt path, and its error messages
}

/**
 * The unscaled value of `text` as a number, in one pass with no allocation, when `text` is a valid
 * decimal of `spec` with at most {@link EXACT_DIGITS} digits; undefined otherwise (the BigInt path
 * then decides, and says what is wrong). Accepts what DECIMAL_PATTERN accepts.
 */
export function exactUnscaled(text: string, spec: DecimalSpec): number | undefined {
  const negative = text.charCodeAt(0) === 0x2d; // '-'
  let magnitude = 0;
  let digits = 0;
  let places = -1; // -1 until the point
  for (let i = negative ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      magnitude = magnitude * 10 + (c - 0x30);
      digits += 1;
      if (places >= 0) places += 1;
    } else if (c === 0x2e && places === -1 && digits > 0) {
      places = 0; // '.' after at least one digit
    } else {
      return undefined;
    }
  }
  if (digits === 0 || places === 0 || places > spec.scale) return undefined;
  const padding = spec.scale - Math.max(places, 0);
  if (digits + padding > EXACT_DIGITS) return undefined;
  magnitude *= POWERS_OF_TEN[padding] as number;
  if (spec.precision <= EXACT_DIGITS && magnitude >= (POWERS_OF_TEN[spec.precision] as number))
    return undefined;
  return negative ? -magnitude : magnitude;
}

/**
 * The decimal string of `bytes` (as {@link formatDecimal} of {@link fromTwosComplement}, with numbers
 * when they are exact).
 *
 * @throws RangeError or Error as those two do.
 */
export function decimalFromBytes(bytes: Buffer, spec: DecimalSpec): string {
  const length = bytes.length;
  const text =
    length > 0 && length <= EXACT_BYTES ? formatExact(readIntAt(bytes, 0, length), spec) : undefined;
  return text ?? formatDecimal(fromTwosComplement(bytes), spec);
}

/**
 * `buf.readIntBE(start, length)` for 1 to {@link EXACT_BYTES} bytes within `buf`, which the caller has
 * checked: the same big-endian two's complement without Node's argument checks, which cost as much
 * as the read on a consumer's path. The first byte carries the sign; the rest add as unsigned digits.
 */
export function readIntAt(buf: Buffer, start: number, length: number): number {
  const first = buf[start] as number;
  let value = first >= 0x80 ? first - 0x100 : first;
  for (let i = start + 1; i < start + length; i++) value = value * 0x100 + (buf[i] as number);
  return value;
}

/**
 * {@link formatDecimal} of an unscaled value read from at most {@link EXACT_BYTES} bytes (so an exact
 * number); undefined when it has more digits than the precision (formatDecimal then says so).
 */
export function formatExact(unscaled: number, spec: DecimalSpec): string | undefined {
  const magnitude = unscaled < 0 ? -unscaled : unscaled;
  if (spec.precision <= EXACT_DIGITS && magnitude >= (POWERS_OF_TEN[spec.precision] as number))
    return undefined;
  const text =
    spec.scale <= EXACT_DIGITS ? splitAtScale(magnitude, spec.scale) : padAtScale(magnitude, spec.scale);
  return unscaled < 0 ? '-' + text : text;
}

/** '0'.repeat(i), a table: a consumer formats an amount per event. */
const ZEROS = Array.from({ length: EXACT_DIGITS + 1 }, (_, i) => '0'.repeat(i));

/**
 * The magnitude's text with the point `scale` digits from the right, by arithmetic: the whole part
 * and the fraction are exact (magnitude below 2^48, a power of ten up to 10^15), and two short
 * numbers to strings cost less than padding and cutting one (35 → 23 ns an amount, measured).
 */
function splitAtScale(magnitude: number, scale: number): string {
  if (scale === 0) return String(magnitude);
  const unit = POWERS_OF_TEN[scale] as number;
  const whole = Math.floor(magnitude / unit);
  const fraction = String(magnitude - whole * unit);
  return String(whole) + '.' + (ZEROS[scale - fraction.length] as string) + fraction;
}

/** As {@link splitAtScale}, for a scale past the exact powers of ten, through the digits' string. */
function padAtScale(magnitude: number, scale: number): string {
  const digits = String(magnitude).padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(digits.length - scale)}`;
}

/**
 * Bytes of the minimal two's complement of `n` (an integer), or 0 when more than {@link EXACT_BYTES},
 * which `Buffer.readIntBE` and `writeIntBE` do not handle.
 */
export function exactByteLength(n: number): number {
  for (let length = 1; length <= EXACT_BYTES; length++) {
    const bound = BYTE_BOUNDS[length] as number;
    if (n < 0 ? -n <= bound : n < bound) return length;
  }
  return 0;
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
