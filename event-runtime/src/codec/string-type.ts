/**
 * Avro `string` as avsc reads it, except that an ASCII string is cut from the message's window
 * (ascii-window.ts) instead of costing a call into Node of its own. Writing, validation and
 * resolution are avsc's own.
 */
import { Type, types } from 'avsc';
import * as asciiWindow from './ascii-window';
import type { AvroTap } from './avro-tap';

// Bound once: tsx compiles each use of an imported name into a getter call, per string on this path.
const { asciiStringAt, isAsciiAt, WINDOW_BYTES } = asciiWindow;

/**
 * avsc's string type with its read replaced. Stateless (avsc freezes its primitive types), so one
 * instance serves every schema, as {@link exactLongType} does.
 */
class WindowedStringType extends types.StringType {
  /**
   * A string longer than a window, or with any byte beyond ASCII, is read by avsc (UTF-8), as is one
   * past the end of the buffer (avsc then marks the read truncated). Uses no `this`: avsc's resolver
   * for a string or bytes writer calls it as its own method.
   */
  _read(tap: AvroTap): string | undefined {
    const start = tap.pos;
    const length = tap.readLong();
    const from = tap.pos;
    const to = from + length;
    if (length >= 0 && length <= WINDOW_BYTES && to <= tap.buf.length && isAsciiAt(tap.buf, from, to)) {
      tap.pos = to;
      return asciiStringAt(tap, from, to);
    }
    tap.pos = start;
    return tap.readString();
  }
}

/** The shared string type; {@link avroTypeOptions}' type hook gives it for every plain `string`. */
export const windowedStringType: Type = new WindowedStringType();

/** True for `"string"` and `{"type": "string"}` (other attributes aside) without a logical type. */
export function isPlainStringSchema(schema: unknown): boolean {
  if (schema === 'string') return true;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return false;
  const { type, logicalType } = schema as { type?: unknown; logicalType?: unknown };
  return type === 'string' && logicalType === undefined;
}
