/**
 * The Confluent wire format: one magic byte (0), the writer schema's registry id as a 4-byte
 * big-endian unsigned integer, then the Avro binary body. Pure functions, no I/O.
 */
import { DecodeError } from '../errors';

/** The only magic byte the Confluent wire format has defined so far. */
export const MAGIC_BYTE = 0;

/** Bytes before the Avro body: the magic byte and the schema id. */
export const HEADER_LENGTH = 5;

/** A message split into its writer schema id and Avro body. */
export interface Frame {
  schemaId: number;
  /** A view on the original buffer, not a copy. */
  body: Buffer;
}

/** Prefixes an Avro body with the magic byte and the writer schema id. */
export function frame(schemaId: number, body: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffffffff) {
    throw new RangeError(`schema id must be an unsigned 32-bit integer, got ${String(schemaId)}`);
  }
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

/**
 * Splits a message into schema id and body.
 *
 * @throws DecodeError `EMPTY_MESSAGE` (no bytes or a tombstone), `MESSAGE_TOO_SHORT` (fewer than the
 *   5 header bytes), `BAD_MAGIC_BYTE` (not written in this format).
 */
export function parseFrame(buf: Buffer | null | undefined): Frame {
  const schemaId = readSchemaId(buf);
  return { schemaId, body: (buf as Buffer).subarray(HEADER_LENGTH) };
}

/**
 * The writer schema id of a framed message, whose body starts at {@link HEADER_LENGTH}: the decoder's
 * path, which reads the body in place instead of allocating a view and a frame object per message.
 *
 * @throws DecodeError as {@link parseFrame}.
 */
export function readSchemaId(buf: Buffer | null | undefined): number {
  if (buf == null || buf.length === 0) {
    throw new DecodeError('Message is empty: no magic byte, schema id or body', 'EMPTY_MESSAGE');
  }
  // Checked before the length so that a short message in another format says which problem it has.
  // Indexed, not readUInt8/readUInt32BE: their argument checks cost as much as the rest of the frame.
  const magic = buf[0] as number;
  if (magic !== MAGIC_BYTE) {
    throw new DecodeError(
      `Message starts with byte 0x${magic.toString(16).padStart(2, '0')}, expected magic byte 0x00 of the schema registry wire format`,
      'BAD_MAGIC_BYTE',
      { magicByte: magic },
    );
  }
  if (buf.length < HEADER_LENGTH) {
    throw new DecodeError(
      `Message is ${buf.length} byte(s) long, shorter than the ${HEADER_LENGTH}-byte header (magic byte and schema id)`,
      'MESSAGE_TOO_SHORT',
      { length: buf.length },
    );
  }
  return (
    (buf[1] as number) * 0x1000000 +
    (((buf[2] as number) << 16) | ((buf[3] as number) << 8) | (buf[4] as number))
  );
}
