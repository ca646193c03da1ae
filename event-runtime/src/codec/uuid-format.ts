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

/** 1 at the byte of each lower-case hex digit. */
const LOWER_HEX = new Uint8Array(256);
for (const digit of '0123456789abcdef') LOWER_HEX[digit.charCodeAt(0)] = 1;
/** Offsets of the 32 hex digits (every offset but the four dashes'). */
const HEX_OFFSETS = Uint8Array.from({ length: UUID_LENGTH }, (_, i) => i).filter(
  (i) => i !== 8 && i !== 13 && i !== 18 && i !== 23,
);

/**
 * True when the {@link UUID_LENGTH} bytes at `start` are a lower-case UUID that
 * {@link LOWER_CASE_UUID_PATTERN} accepts. On a consumer's path this check on the bytes, then a
 * latin1 string of them, costs less than decoding them as UTF-8 and testing the pattern.
 */
export function isLowerCaseUuidAt(buf: Buffer, start: number): boolean {
  if (
    buf[start + 8] !== 0x2d ||
    buf[start + 13] !== 0x2d ||
    buf[start + 18] !== 0x2d ||
    buf[start + 23] !== 0x2d
  ) {
    return false; // '-'
  }
  let hex = 1; // no branch per digit: the verdict is read once, at the end
  for (let i = 0; i < HEX_OFFSETS.length; i++)
    hex &= LOWER_HEX[buf[start + (HEX_OFFSETS[i] as number)] as number] as number;
  const version = buf[start + 14] as number;
  const variant = buf[start + 19] as number;
  return (
    hex === 1 &&
    version >= 0x31 &&
    version <= 0x38 &&
    (variant === 0x38 || variant === 0x39 || variant === 0x61 || variant === 0x62)
  );
}

/**
 * The string of bytes checked by {@link isLowerCaseUuidAt}: all ASCII, so latin1 gives the same string
 * as UTF-8, through Node's own slice (what avsc uses for strings) without `toString`'s argument checks.
 */
export function asciiAt(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(start, end);
}
