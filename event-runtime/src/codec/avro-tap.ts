/**
 * The parts of avsc's internal reading and writing cursor (`Tap`) and of its types' `_read` and
 * `_write` that our logical types' in-place fast paths use. Past the end of the buffer avsc moves the
 * position on without reading or writing, and the caller sees the overrun; so do the fast paths.
 */
export interface AvroTap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  /** undefined when the string runs past the end of the buffer. */
  readString(): string | undefined;
  writeLong(n: number): void;
}

/** avsc's own reading and writing of a type, for the values the fast paths leave to it. */
export interface AvroInternals {
  _read(tap: AvroTap): unknown;
  _write(tap: AvroTap, value: unknown): void;
}
