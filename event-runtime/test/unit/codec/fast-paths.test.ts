/**
 * The codec's fast paths (numbers instead of BigInt for decimals that fit, bytes read and written in
 * place, a one-entry memo per uuid and decimal type, ASCII strings cut from one string per message)
 * must give exactly what the reference paths give.
 */
import fc from 'fast-check';
import { Type } from 'avsc';
import {
  type DecimalSpec,
  decimalFromBytes,
  decimalToBytes,
  formatDecimal,
  fromTwosComplement,
  parseDecimal,
  readIntAt,
  toTwosComplement,
} from '../../../src/codec/decimal';
import { avroTypeFor } from '../../../src/codec/logical-types';
import { isLowerCaseUuidAt, LOWER_CASE_UUID_PATTERN, UUID_LENGTH } from '../../../src/codec/uuid-format';

const specs: DecimalSpec[] = [
  { precision: 12, scale: 2 },
  { precision: 1, scale: 0 },
  { precision: 15, scale: 15 },
  { precision: 18, scale: 4 }, // beyond the exact digits: the BigInt path
  { precision: 38, scale: 9 },
  { precision: 40, scale: 20 }, // a scale past the exact digits: small values still take the number path
];

/** A decimal string of `spec` and its unscaled value. */
function decimalOf(spec: DecimalSpec): fc.Arbitrary<{ text: string; unscaled: bigint }> {
  const max = 10n ** BigInt(spec.precision) - 1n;
  return fc.bigInt({ min: -max, max }).map((unscaled) => ({ unscaled, text: formatDecimal(unscaled, spec) }));
}

test('readIntAt reads what Buffer.readIntBE reads, at any offset, for 1 to 6 bytes', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 12 }),
      fc.integer({ min: 1, max: 6 }),
      fc.nat(),
      (bytes, wanted, at) => {
        const buf = Buffer.from(bytes);
        const length = Math.min(wanted, buf.length);
        const start = at % (buf.length - length + 1);
        expect(readIntAt(buf, start, length)).toBe(buf.readIntBE(start, length));
      },
    ),
  );
});

test.each([
  [{ precision: 38, scale: 15 }, 2n ** 47n - 1n], // the largest 6-byte value, a whole part at scale 15
  [{ precision: 38, scale: 15 }, -(2n ** 47n)],
  [{ precision: 38, scale: 9 }, 1_000_000_001n], // 1.000000001: a fraction with leading zeros
  [{ precision: 18, scale: 4 }, 10_005n], // 1.0005
  [{ precision: 12, scale: 2 }, -5n], // -0.05
  [{ precision: 12, scale: 2 }, 0n],
  [{ precision: 12, scale: 2 }, 100n], // 1.00
  [{ precision: 15, scale: 0 }, -99_999_999_999_999n], // 6 bytes: still the number path
])('decimal(%o) reads %s as the BigInt reference formats it', (spec, unscaled) => {
  expect(decimalFromBytes(toTwosComplement(unscaled), spec)).toBe(formatDecimal(unscaled, spec));
});

describe.each(specs)('decimal($precision, $scale)', (spec) => {
  const bytesType = avroTypeFor({ type: 'bytes', logicalType: 'decimal', ...spec });
  const plainBytes = Type.forSchema('bytes');

  it('writes and reads the bytes of the BigInt reference', () => {
    fc.assert(
      fc.property(decimalOf(spec), ({ text, unscaled }) => {
        const reference = toTwosComplement(unscaled);
        expect(decimalToBytes(text, spec).equals(reference)).toBe(true);
        expect(decimalFromBytes(reference, spec)).toBe(text);
        const body = bytesType.toBuffer(text);
        expect(body.equals(plainBytes.toBuffer(reference))).toBe(true);
        expect(bytesType.fromBuffer(body)).toBe(text);
      }),
    );
  });

  it('reads non-minimal encodings as the reference does', () => {
    fc.assert(
      fc.property(decimalOf(spec), fc.integer({ min: 1, max: 3 }), ({ text, unscaled }, extra) => {
        const minimal = toTwosComplement(unscaled);
        const padded = Buffer.concat([Buffer.alloc(extra, unscaled < 0n ? 0xff : 0x00), minimal]);
        expect(fromTwosComplement(padded)).toBe(unscaled);
        expect(decimalFromBytes(padded, spec)).toBe(text);
        expect(bytesType.fromBuffer(plainBytes.toBuffer(padded))).toBe(text);
      }),
    );
  });
});

describe('decimal strings on the exact path', () => {
  const spec = { precision: 12, scale: 2 };

  it.each([
    ['0', '0.00'],
    ['-0', '0.00'],
    ['-0.00', '0.00'],
    ['007.5', '7.50'],
    ['-128', '-128.00'],
    ['9999999999.99', '9999999999.99'],
  ])('%s reads back as %s, with the bytes of the reference', (text, back) => {
    expect(decimalToBytes(text, spec).equals(toTwosComplement(parseDecimal(text, spec)))).toBe(true);
    expect(decimalFromBytes(decimalToBytes(text, spec), spec)).toBe(back);
  });

  it.each(['', '-', '.5', '1.', '1.2.3', '+1', '1e3', ' 1', '12.345', '10000000000.00', '١٢'])(
    'leaves %j to the reference, which says what is wrong',
    (text) => {
      expect(() => decimalToBytes(text, spec)).toThrow();
      expect(() => parseDecimal(text, spec)).toThrow();
    },
  );

  it('refuses bytes with more digits than the precision, whatever the path', () => {
    const tooMany = toTwosComplement(10n ** 12n);
    expect(() => decimalFromBytes(tooMany, spec)).toThrow('at most 12 digits');
  });
});

describe('memo of the last value', () => {
  it('starts empty: a missing value is never taken for a remembered one', () => {
    for (const make of [
      () => avroTypeFor({ type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }),
      () => avroTypeFor({ type: 'string', logicalType: 'uuid' }),
    ]) {
      const fresh = make();
      expect(fresh.isValid(undefined)).toBe(false);
      expect(() => fresh.toBuffer(undefined)).toThrow();
    }
  });

  const amount = avroTypeFor({ type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 });
  const uuid = avroTypeFor({ type: 'string', logicalType: 'uuid' });

  it('never answers for another value', () => {
    expect(amount.isValid('1.00')).toBe(true);
    expect(amount.isValid('1.000')).toBe(false);
    expect(amount.fromBuffer(amount.toBuffer('2.5'))).toBe('2.50');
    expect(amount.fromBuffer(amount.toBuffer('1.00'))).toBe('1.00');
    expect(() => amount.toBuffer(1)).toThrow('expected a decimal string');

    const upper = 'F47AC10B-58CC-4372-A567-0E02B2C3D479';
    expect(uuid.isValid(upper)).toBe(true);
    expect(uuid.fromBuffer(uuid.toBuffer(upper))).toBe(upper.toLowerCase());
    expect(uuid.isValid('not-a-uuid')).toBe(false);
    expect(uuid.fromBuffer(uuid.toBuffer(upper))).toBe(upper.toLowerCase());
    expect(uuid.isValid(42)).toBe(false);
  });
});

describe('timestamp-millis over a number long', () => {
  const timestamp = avroTypeFor({ type: 'long', logicalType: 'timestamp-millis' });
  const long = avroTypeFor('long');

  it('refuses a long beyond 2^53 as outside the Date range', () => {
    expect(() => timestamp.fromBuffer(long.toBuffer(2n ** 60n))).toThrow('outside the Date range');
    expect(() => timestamp.fromBuffer(long.toBuffer(9_000_000_000_000_000n))).toThrow(
      'outside the Date range',
    );
  });

  it('reads the edges of the Date range exactly and refuses one millisecond beyond them', () => {
    for (const edge of [8_640_000_000_000_000n, -8_640_000_000_000_000n, 0n, -1n]) {
      expect(timestamp.fromBuffer(long.toBuffer(edge))).toEqual(new Date(Number(edge)));
    }
    expect(() => timestamp.fromBuffer(long.toBuffer(8_640_000_000_000_001n))).toThrow(
      'timestamp 8640000000000001 is outside the Date range',
    );
    expect(() => timestamp.fromBuffer(long.toBuffer(-8_640_000_000_000_001n))).toThrow(
      'outside the Date range',
    );
  });

  it('writes any Date as the bytes of its exact long, and reads it back', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        const body = timestamp.toBuffer(date);
        expect(body.equals(long.toBuffer(BigInt(date.getTime())))).toBe(true);
        expect(timestamp.fromBuffer(body)).toEqual(date);
      }),
    );
  });

  it('reads and writes exactly around 2^52, where avsc’s number long starts rounding', () => {
    for (const millis of [2 ** 52 - 1, 2 ** 52, 2 ** 52 + 1, -(2 ** 52) + 1, -(2 ** 52), -(2 ** 52) - 1]) {
      const body = timestamp.toBuffer(new Date(millis));
      expect(body.equals(long.toBuffer(BigInt(millis)))).toBe(true);
      expect(timestamp.fromBuffer(body).getTime()).toBe(millis);
    }
  });
});

describe('uuid read in place', () => {
  const uuid = avroTypeFor({ type: 'string', logicalType: 'uuid' });
  const plain = Type.forSchema('string');

  it.each([
    ['f47ac10b-58cc-4372-a567-0e02b2c3d479', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ['F47AC10B-58CC-4372-A567-0E02B2C3D479', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
  ])('reads %s as %s', (written, read) => {
    expect(uuid.fromBuffer(plain.toBuffer(written))).toBe(read);
  });

  it.each([
    'f47ac10b-58cc-0372-a567-0e02b2c3d479',
    'f47ac10b-58cc-4372-c567-0e02b2c3d479',
    'f47ac10b_58cc-4372-a567-0e02b2c3d479',
    'f47ac10b-58cc-4372-a567-0e02b2c3d47é',
    'f47ac10b-58cc-4372-a567-0e02b2c3d47',
  ])('refuses %j as the pattern does', (written) => {
    expect(() => uuid.fromBuffer(plain.toBuffer(written))).toThrow('expected a UUID like');
  });
});

describe('uuid written in place', () => {
  const uuid = avroTypeFor({ type: 'string', logicalType: 'uuid' });
  const plain = Type.forSchema('string');

  it('writes the bytes avsc writes for the lower-case string', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), (id, upper) => {
        const written = upper ? id.toUpperCase() : id;
        expect(uuid.toBuffer(written).equals(plain.toBuffer(id.toLowerCase()))).toBe(true);
      }),
    );
  });

  it('reports a buffer too small as avsc does, then writes once it is large enough', () => {
    const id = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
    const small = Buffer.alloc(10);
    expect(uuid.encode(id, small, 0)).toBe(-27); // 1 length byte + 36: 27 missing
    expect(small.equals(Buffer.alloc(10).fill(72, 0, 1))).toBe(true); // only the length got in
    const large = Buffer.alloc(37);
    expect(uuid.encode(id, large, 0)).toBe(37);
    expect(large.equals(plain.toBuffer(id))).toBe(true);
  });

  it('refuses a value that is not a UUID, as the check does', () => {
    expect(() => uuid.toBuffer('not-a-uuid')).toThrow('expected a UUID like');
    expect(() => uuid.toBuffer(42)).toThrow('expected a UUID string');
  });
});

describe('uuid bytes checked in place', () => {
  const valid = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

  it('agrees with the pattern on every byte at every position', () => {
    for (let position = 0; position < UUID_LENGTH; position++) {
      for (let byte = 0; byte < 256; byte++) {
        const bytes = Buffer.concat([Buffer.from([0x48]), Buffer.from(valid, 'latin1')]);
        bytes[1 + position] = byte;
        const text = bytes.toString('latin1', 1);
        expect([position, byte, isLowerCaseUuidAt(bytes, 1)]).toEqual([
          position,
          byte,
          LOWER_CASE_UUID_PATTERN.test(text),
        ]);
      }
    }
  });

  it('accepts every lower-case UUID', () => {
    fc.assert(fc.property(fc.uuid(), (id) => expect(isLowerCaseUuidAt(Buffer.from(id), 0)).toBe(true)));
  });
});

describe('strings cut from the message window', () => {
  const record = avroTypeFor({
    type: 'record',
    name: 'Strings',
    fields: [
      { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
      { name: 'texts', type: { type: 'array', items: 'string' } },
      { name: 'last', type: 'string' },
    ],
  });
  const plain = Type.forSchema({
    type: 'record',
    name: 'Strings',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'texts', type: { type: 'array', items: 'string' } },
      { name: 'last', type: 'string' },
    ],
  });
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ minLength: 250, maxLength: 300 }),
  );

  it('reads what avsc reads: ASCII or not, within a window or across several', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.array(text, { maxLength: 12 }), text, (id, texts, last) => {
        const body = plain.toBuffer({ id, texts, last });
        expect({ ...(record.fromBuffer(body) as object) }).toEqual({ id, texts, last });
      }),
    );
  });

  it('never reads a buffer refilled with the next message through the previous window', () => {
    const first = plain.toBuffer({ id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', texts: ['EUR'], last: 'abc' });
    const second = plain.toBuffer({
      id: '0e02b2c3-58cc-4372-a567-f47ac10bd479',
      texts: ['USD'],
      last: 'xyz',
    });
    const reused = Buffer.from(first);
    expect(record.fromBuffer(reused)).toMatchObject({ texts: ['EUR'], last: 'abc' });
    second.copy(reused);
    expect(record.fromBuffer(reused)).toMatchObject({
      id: '0e02b2c3-58cc-4372-a567-f47ac10bd479',
      texts: ['USD'],
      last: 'xyz',
    });
  });

  it('reports a string past the end of the body as avsc does', () => {
    const body = plain.toBuffer({ id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', texts: [], last: 'abcdef' });
    const cut = body.subarray(0, body.length - 2);
    expect(record.decode(cut, 0).offset).toBe(-1);
    expect(plain.decode(cut, 0).offset).toBe(-1);
  });

  it('reads a string or bytes writer into a string reader as avsc does', () => {
    const string = avroTypeFor('string');
    const samples = ['', 'EUR', 'Zoë', 'x'.repeat(300)];
    for (const writer of [avroTypeFor('string'), avroTypeFor('bytes')]) {
      const resolver = string.createResolver(writer);
      for (const sample of samples) {
        const value = Type.isType(writer, 'bytes') ? Buffer.from(sample) : sample;
        expect(string.fromBuffer(writer.toBuffer(value), resolver)).toBe(sample);
      }
    }
  });
});
