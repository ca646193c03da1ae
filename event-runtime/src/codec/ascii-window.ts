/**
 * Strings of a message's ASCII bytes without a call into Node per string. Making a string of Buffer
 * bytes (`utf8Slice`, `latin1Slice`) is a call into C++ that costs about as much as the rest of
 * reading a small field; cutting a substring out of a string is not. So the first ASCII string read
 * from a message decodes the bytes from there on (up to {@link WINDOW_BYTES}) as latin1 once, one
 * character per byte, and it and the message's later strings in that range are substrings of it.
 * For ASCII bytes latin1 and UTF-8 give the same string; anything else is left to avsc's UTF-8 read.
 *
 * The window belongs to one read: it is keyed by avsc's Tap, which every `decode`/`fromBuffer` makes
 * anew, so a Buffer refilled with the next message is never read through the previous window.
 * Until the next read it keeps the last message's Buffer (and the Tap) alive.
 *
 * A substring of 13 characters or more shares its window's memory (a V8 sliced string): an id kept
 * for long keeps up to {@link WINDOW_BYTES} characters alive with it.
 */
import type { AvroTap } from './avro-tap';

/** How far ahead one window reaches: past the body of a typical event, not the whole of a large one. */
export const WINDOW_BYTES = 256;

/** The read the window belongs to, and the bytes it covers (module state: reads are synchronous). */
let windowTap: AvroTap | undefined;
let windowBuf: Buffer | undefined;
let windowStart = 0;
let windowEnd = 0;
let windowText = '';

/**
 * The string of the bytes from `start` to `end` of `tap.buf`, which the caller has checked are all
 * ASCII and within the buffer.
 */
export function asciiStringAt(tap: AvroTap, start: number, end: number): string {
  const buf = tap.buf;
  if (tap !== windowTap || buf !== windowBuf || start < windowStart || end > windowEnd) {
    windowTap = tap;
    windowBuf = buf;
    windowStart = start;
    windowEnd = Math.max(end, Math.min(buf.length, start + WINDOW_BYTES));
    windowText = asciiAt(buf, start, windowEnd);
  }
  return windowText.slice(start - windowStart, end - windowStart);
}

/**
 * The latin1 string of the bytes, through Node's own slice (what avsc uses for strings) without
 * `toString`'s argument checks: for ASCII bytes, the string UTF-8 would give.
 */
function asciiAt(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(start, end);
}

/** True when the bytes from `start` to `end` (within `buf`) are all ASCII: one branch, at the end. */
export function isAsciiAt(buf: Buffer, start: number, end: number): boolean {
  let bits = 0;
  for (let i = start; i < end; i++) bits |= buf[i] as number;
  return bits < 0x80;
}
