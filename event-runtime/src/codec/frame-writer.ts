/**
 * Writes framed messages (wire-format.ts) through one scratch buffer that grows to the largest event
 * seen: per message one allocation, the message itself, instead of avsc's body, a header and their
 * concatenation.
 */
import type { Type } from 'avsc';
import { HEADER_LENGTH as HEADER, MAGIC_BYTE as MAGIC } from './wire-format';

// Module constants: an imported binding is a getter call per use once compiled to CommonJS.
const HEADER_LENGTH = HEADER;
const MAGIC_BYTE = MAGIC;

/** Frames `value`, written as `type`, with `schemaId` (an unsigned 32-bit integer, checked by the caller). */
export type FrameWriter = (schemaId: number, type: Type, value: unknown) => Buffer;

/** Creates a {@link FrameWriter}; synchronous, so one scratch buffer serves every call. */
export function createFrameWriter(initialSize = 512): FrameWriter {
  let scratch = Buffer.allocUnsafe(Math.max(initialSize, HEADER_LENGTH));
  return (schemaId, type, value) => {
    let end = type.encode(value, scratch, HEADER_LENGTH);
    while (end < 0) {
      // avsc says how many bytes were missing; doubling keeps the number of retries small.
      scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, scratch.length - end));
      end = type.encode(value, scratch, HEADER_LENGTH);
    }
    const message = Buffer.allocUnsafe(end);
    message[0] = MAGIC_BYTE;
    message.writeUInt32BE(schemaId, 1);
    scratch.copy(message, HEADER_LENGTH, HEADER_LENGTH, end);
    return message;
  };
}
