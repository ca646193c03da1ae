/**
 * The UUID layout of the `uuid` logical type (RFC 4122/9562: version 1–8 and the 10xx variant, or the
 * nil UUID), as patterns for strings and as a byte check for reading Avro bodies in place.
 */

/** Any case: what a writer may send. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** Lower case only: the form we write, so nearly every id passes this one test. */
export const LOWER_CASE_UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** Characters (and, being ASCII, bytes) of a UUID. */
export const UUID_LENGTH = 36;

/*
 * What each byte can be in a lower-case UUID, as bits: every byte's class is looked up once, and the
 * classes of each group of positions ANDed, so the verdict costs no branch per byte.
 */
const HEX = 1; // 0-9, a-f
const DASH = 2; // '-'
const VERSION = 4; // 1-8
const VARIANT = 8; // 8, 9, a, b
const CLASS = new Uint8Array(256);
for (const [chars, bit] of [
  ['0123456789abcdef', HEX],
  ['12345678', VERSION],
  ['89ab', VARIANT],
  ['-', DASH],
] as const) {
  for (let i = 0; i < chars.length; i++)
    CLASS[chars.charCodeAt(i)] = (CLASS[chars.charCodeAt(i)] as number) | bit;
}

/**
 * True when the {@link UUID_LENGTH} bytes at `start` are a lower-case UUID that
 * {@link LOWER_CASE_UUID_PATTERN} accepts. On a consumer's path this check on the bytes, then a
 * string of them, costs less than decoding them as UTF-8 and testing the pattern. Written out byte
 * by byte, in one function: a loop over the positions measured about twice as slow, and helper
 * functions per group of bytes were left as calls by the compiler (8 per id), for every id of every
 * message.
 */
export function isLowerCaseUuidAt(buf: Buffer, start: number): boolean {
  const c = CLASS;
  const b = buf;
  const s = start;
  // xxxxxxxx-xxxx-Vxxx-Nxxx-xxxxxxxxxxxx: 32 hex digits (V and N among them) in groups of four...
  const hex =
    HEX &
    (c[b[s + 0]!]! & c[b[s + 1]!]! & c[b[s + 2]!]! & c[b[s + 3]!]!) &
    (c[b[s + 4]!]! & c[b[s + 5]!]! & c[b[s + 6]!]! & c[b[s + 7]!]!) &
    (c[b[s + 9]!]! & c[b[s + 10]!]! & c[b[s + 11]!]! & c[b[s + 12]!]!) &
    (c[b[s + 14]!]! & c[b[s + 15]!]! & c[b[s + 16]!]! & c[b[s + 17]!]!) &
    (c[b[s + 19]!]! & c[b[s + 20]!]! & c[b[s + 21]!]! & c[b[s + 22]!]!) &
    (c[b[s + 24]!]! & c[b[s + 25]!]! & c[b[s + 26]!]! & c[b[s + 27]!]!) &
    (c[b[s + 28]!]! & c[b[s + 29]!]! & c[b[s + 30]!]! & c[b[s + 31]!]!) &
    (c[b[s + 32]!]! & c[b[s + 33]!]! & c[b[s + 34]!]! & c[b[s + 35]!]!);
  // ...four dashes, and the version and variant digits.
  const dashes = c[b[s + 8]!]! & c[b[s + 13]!]! & c[b[s + 18]!]! & c[b[s + 23]!]!;
  const version = c[b[s + 14]!]!;
  const variant = c[b[s + 19]!]!;
  return hex !== 0 && (dashes & DASH) !== 0 && (version & VERSION) !== 0 && (variant & VARIANT) !== 0;
}
