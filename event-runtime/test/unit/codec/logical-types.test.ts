import { Type } from 'avsc';
import { avroTypeFor, logicalTypes } from '../../../src/codec/logical-types';

const timestampType = avroTypeFor({ type: 'long', logicalType: 'timestamp-millis' });
const uuidType = avroTypeFor({ type: 'string', logicalType: 'uuid' });

describe('timestamp-millis', () => {
  it('writes a Date as its epoch milliseconds and reads it back', () => {
    const date = new Date('2026-11-24T12:34:56.789Z');
    const buf = timestampType.toBuffer(date);
    expect(buf.equals(avroTypeFor('long').toBuffer(BigInt(date.getTime())))).toBe(true);
    const back = timestampType.fromBuffer(buf) as Date;
    expect(back).toBeInstanceOf(Date);
    expect(back.toISOString()).toBe('2026-11-24T12:34:56.789Z');
  });

  it('keeps dates before the epoch', () => {
    const date = new Date(-1);
    expect((timestampType.fromBuffer(timestampType.toBuffer(date)) as Date).getTime()).toBe(-1);
  });

  it('rejects invalid Dates, numbers and ISO strings', () => {
    expect(() => timestampType.toBuffer(new Date('nope'))).toThrow(
      'expected a valid Date, got an invalid Date',
    );
    expect(() => timestampType.toBuffer(1700000000000)).toThrow('expected a Date, got 1700000000000');
    expect(() => timestampType.toBuffer('2026-11-24T00:00:00Z')).toThrow('expected a Date');
  });

  it("also works over avsc's number long, for a library given only our logicalTypes", () => {
    const overNumberLong = Type.forSchema(
      { type: 'long', logicalType: 'timestamp-millis' },
      { logicalTypes },
    );
    const date = new Date('2026-11-24T12:34:56.789Z');
    const buf = overNumberLong.toBuffer(date);
    expect(buf.equals(timestampType.toBuffer(date))).toBe(true);
    expect((overNumberLong.fromBuffer(buf) as Date).toISOString()).toBe(date.toISOString());
  });

  it('refuses to read a long outside the Date range', () => {
    const tooFar = avroTypeFor('long').toBuffer(8_640_000_000_000_001n);
    expect(() => timestampType.fromBuffer(tooFar)).toThrow('outside the Date range');
  });
});

describe('uuid', () => {
  it.each([
    '123e4567-e89b-42d3-a456-426614174000',
    'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
    '00000000-0000-0000-0000-000000000000',
  ])('accepts %s', (id) => {
    expect(uuidType.fromBuffer(uuidType.toBuffer(id))).toBe(id);
  });

  it('writes upper-case ids lower-case so they compare equal as strings', () => {
    expect(uuidType.fromBuffer(uuidType.toBuffer('F47AC10B-58CC-4372-A567-0E02B2C3D479'))).toBe(
      'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    );
  });

  it.each([
    'not-a-uuid',
    '',
    'f47ac10b58cc4372a5670e02b2c3d479',
    '{f47ac10b-58cc-4372-a567-0e02b2c3d479}',
    'f47ac10b-58cc-0372-a567-0e02b2c3d479',
    'f47ac10b-58cc-4372-c567-0e02b2c3d479',
    'g47ac10b-58cc-4372-a567-0e02b2c3d479',
    ' f47ac10b-58cc-4372-a567-0e02b2c3d479',
  ])('rejects %j', (id) => {
    expect(() => uuidType.toBuffer(id)).toThrow('expected a UUID like');
  });

  it('rejects non-strings', () => {
    expect(() => uuidType.toBuffer(42)).toThrow('expected a UUID string, got 42');
  });

  it('refuses to read a string that is not a UUID', () => {
    expect(() => uuidType.fromBuffer(avroTypeFor('string').toBuffer('garbage'))).toThrow('expected a UUID');
  });
});

describe('resolution between logical types', () => {
  it('reads a decimal written with fewer places, padded exactly', () => {
    const writer = avroTypeFor({ type: 'bytes', logicalType: 'decimal', precision: 5, scale: 1 });
    const reader = avroTypeFor({ type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 });
    const resolver = reader.createResolver(writer);
    expect(reader.fromBuffer(writer.toBuffer('-3.5'), resolver)).toBe('-3.50');
  });

  it('refuses a decimal written with more places, which could only be rounded', () => {
    const writer = avroTypeFor({ type: 'bytes', logicalType: 'decimal', precision: 12, scale: 3 });
    const reader = avroTypeFor({ type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 });
    expect(() => reader.createResolver(writer)).toThrow('cannot read');
  });

  it('refuses plain bytes as a decimal: their scale is unknown', () => {
    const reader = avroTypeFor({ type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 });
    expect(() => reader.createResolver(avroTypeFor('bytes'))).toThrow('cannot read');
  });

  it('reads a plain long as timestamp-millis and a plain string as a checked uuid', () => {
    const fromLong = timestampType.createResolver(avroTypeFor('long'));
    expect((timestampType.fromBuffer(avroTypeFor('long').toBuffer(5n), fromLong) as Date).getTime()).toBe(5);
    const fromString = uuidType.createResolver(avroTypeFor('string'));
    expect(() => uuidType.fromBuffer(avroTypeFor('string').toBuffer('x'), fromString)).toThrow(
      'expected a UUID',
    );
  });
});
