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

/**
 * True when the {@link UUID_LENGTH} bytes at `start` are a lower-case UUID that
 * {@link LOWER_CASE_UUID_PATTERN} accepts. On a consumer's path this check on the bytes, then a
 * latin1 string of them, costs about a third of decoding them as UTF-8 and testing the pattern.
 */
export function isLowerCaseUuidAt(buf: Buffer, start: number): boolean {
  for (let i = 0; i < UUID_LENGTH; i++) {
    const byte = buf[start + i] as number;
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (byte !== 0x2d) return false; // '-'
    } else if (LOWER_HEX[byte] === 0) {
      return false;
    }
  }
  const version = buf[start + 14] as number;
  const variant = buf[start + 19] as number;
  return (
    version >= 0x31 &&
    version <= 0x38 &&
    (variant === 0x38 || variant === 0x39 || variant === 0x61 || variant === 0x62)
  );
}
