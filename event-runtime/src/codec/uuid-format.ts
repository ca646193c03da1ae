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
 * string of them, costs less than decoding them as UTF-8 and testing the pattern. Written out in
 * groups of four bytes: a loop over the 36 positions measured about twice as slow, for every id of
 * every message.
 */
export function isLowerCaseUuidAt(buf: Buffer, start: number): boolean {
  // xxxxxxxx-xxxx-Vxxx-Nxxx-xxxxxxxxxxxx: 32 hex digits (V and N among them) in 8 groups of four.
  const s = start;
  const hex =
    classesOf4(buf, s) &
    classesOf4(buf, s + 4) &
    classesOf4(buf, s + 9) &
    classesOf4(buf, s + 14) &
    classesOf4(buf, s + 19) &
    classesOf4(buf, s + 24) &
    classesOf4(buf, s + 28) &
    classesOf4(buf, s + 32);
  const dashes = classOf(buf, s + 8) & classOf(buf, s + 13) & classOf(buf, s + 18) & classOf(buf, s + 23);
  return (
    (hex & HEX) !== 0 &&
    (dashes & DASH) !== 0 &&
    (classOf(buf, s + 14) & VERSION) !== 0 &&
    (classOf(buf, s + 19) & VARIANT) !== 0
  );
}

function classOf(buf: Buffer, at: number): number {
  return CLASS[buf[at] as number] as number;
}

/** The classes of the four bytes from `at`, ANDed: what all four are. */
function classesOf4(buf: Buffer, at: number): number {
  return classOf(buf, at) & classOf(buf, at + 1) & classOf(buf, at + 2) & classOf(buf, at + 3);
}
