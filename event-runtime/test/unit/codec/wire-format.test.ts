import { DecodeError } from '../../../src/errors';
import { frame, parseFrame } from '../../../src/codec/wire-format';

function decodeErrorOf(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw err;
  }
  throw new Error('expected a DecodeError, nothing was thrown');
}

describe('wire format', () => {
  it('frames magic byte 0, a big-endian id and the body', () => {
    const buf = frame(0x01020304, Buffer.from([0xaa, 0xbb]));
    expect(buf.toString('hex')).toBe('0001020304aabb');
  });

  it('round-trips ids up to 2^32-1 and empty bodies', () => {
    for (const id of [0, 1, 255, 256, 0x7fffffff, 0xffffffff]) {
      const body = Buffer.from(`body-${id}`);
      expect(parseFrame(frame(id, body))).toEqual({ schemaId: id, body });
    }
    expect(parseFrame(frame(7, Buffer.alloc(0)))).toEqual({ schemaId: 7, body: Buffer.alloc(0) });
  });

  it('rejects ids that do not fit in 4 bytes', () => {
    expect(() => frame(-1, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => frame(2 ** 32, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => frame(1.5, Buffer.alloc(0))).toThrow(RangeError);
  });

  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['null (a tombstone)', null],
  ])('rejects %s as EMPTY_MESSAGE', (_name, input) => {
    const err = decodeErrorOf(() => parseFrame(input));
    expect(err.code).toBe('EMPTY_MESSAGE');
    expect(err.retriable).toBe(false);
  });

  it('rejects fewer than 5 bytes as MESSAGE_TOO_SHORT', () => {
    for (const len of [1, 2, 3, 4]) {
      const err = decodeErrorOf(() => parseFrame(Buffer.alloc(len)));
      expect(err.code).toBe('MESSAGE_TOO_SHORT');
      expect(err.details).toEqual({ length: len });
    }
  });

  it('rejects a first byte other than 0 as BAD_MAGIC_BYTE, naming the byte', () => {
    const err = decodeErrorOf(() => parseFrame(Buffer.from('{"json":true}')));
    expect(err.code).toBe('BAD_MAGIC_BYTE');
    expect(err.message).toContain('0x7b');
    expect(decodeErrorOf(() => parseFrame(Buffer.from([1, 0, 0, 0, 1]))).code).toBe('BAD_MAGIC_BYTE');
  });
});
