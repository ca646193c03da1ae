import {
  formatDecimal,
  fromTwosComplement,
  maxPrecisionForFixed,
  parseDecimal,
  toTwosComplement,
  toTwosComplementFixed,
} from '../../../src/codec/decimal';
import { avroTypeFor } from '../../../src/codec/logical-types';

const money = { precision: 12, scale: 2 };
const amountType = avroTypeFor({ type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 });

describe('decimal strings', () => {
  it.each([
    ['0', 0n, '0.00'],
    ['0.01', 1n, '0.01'],
    ['12.5', 1250n, '12.50'],
    ['12.50', 1250n, '12.50'],
    ['-0.01', -1n, '-0.01'],
    ['-12.34', -1234n, '-12.34'],
    ['-0', 0n, '0.00'],
    ['9999999999.99', 999999999999n, '9999999999.99'],
    ['-9999999999.99', -999999999999n, '-9999999999.99'],
  ])('parses %s to %s and formats it as %s', (text, unscaled, canonical) => {
    expect(parseDecimal(text, money)).toBe(unscaled);
    expect(formatDecimal(unscaled, money)).toBe(canonical);
  });

  it('rejects more places than the scale', () => {
    expect(() => parseDecimal('1.234', money)).toThrow(
      'expected a decimal with at most 2 places, got "1.234"',
    );
    expect(() => parseDecimal('1.230', money)).toThrow('at most 2 places');
  });

  it('rejects more digits than the precision', () => {
    expect(() => parseDecimal('10000000000', money)).toThrow(
      'expected a decimal with at most 12 digits (10 before the point), got "10000000000"',
    );
    expect(() => parseDecimal('-10000000000.00', money)).toThrow('at most 12 digits');
    expect(() => formatDecimal(1000000000000n, money)).toThrow('at most 12 digits');
  });

  it.each(['abc', '', '1e3', '1.', '.5', '+1', ' 1', '1,5', 'NaN', 'Infinity', '0x10', '--1'])(
    'rejects %j as not a decimal',
    (text) => {
      expect(() => parseDecimal(text, money)).toThrow('expected a decimal string like "12.50"');
    },
  );

  it('rejects non-strings, including numbers, which would already have been rounded', () => {
    expect(() => parseDecimal(12.5, money)).toThrow('got 12.5');
    expect(() => parseDecimal(12n, money)).toThrow('got 12n (bigint)');
    expect(() => parseDecimal(null, money)).toThrow('got null');
  });

  it('keeps scale 0 decimals without a point', () => {
    expect(formatDecimal(-42n, { precision: 5, scale: 0 })).toBe('-42');
    expect(() => parseDecimal('1.0', { precision: 5, scale: 0 })).toThrow('at most 0 places');
  });
});

describe('two’s complement bytes (as Java BigInteger.toByteArray)', () => {
  it.each([
    [0n, '00'],
    [1n, '01'],
    [-1n, 'ff'],
    [127n, '7f'],
    [128n, '0080'],
    [-128n, '80'],
    [-129n, 'ff7f'],
    [255n, '00ff'],
    [-256n, 'ff00'],
    [1250n, '04e2'],
    [-1250n, 'fb1e'],
    [999999999999n, '00e8d4a50fff'],
    [-999999999999n, 'ff172b5af001'],
  ])('%s ↔ %s', (n, hex) => {
    expect(toTwosComplement(n).toString('hex')).toBe(hex);
    expect(fromTwosComplement(Buffer.from(hex, 'hex'))).toBe(n);
  });

  it('reads non-minimal encodings too', () => {
    expect(fromTwosComplement(Buffer.from('ffff', 'hex'))).toBe(-1n);
    expect(fromTwosComplement(Buffer.from('0001', 'hex'))).toBe(1n);
  });

  it('rejects zero bytes', () => {
    expect(() => fromTwosComplement(Buffer.alloc(0))).toThrow(RangeError);
  });

  it('sign-extends into fixed sizes and refuses what does not fit', () => {
    expect(toTwosComplementFixed(-1n, 4).toString('hex')).toBe('ffffffff');
    expect(toTwosComplementFixed(1250n, 4).toString('hex')).toBe('000004e2');
    expect(() => toTwosComplementFixed(128n, 1)).toThrow(RangeError);
    expect(maxPrecisionForFixed(1)).toBe(2);
    expect(maxPrecisionForFixed(8)).toBe(18);
  });
});

describe('decimal logical type', () => {
  it('encodes the amount as Avro bytes of the unscaled value', () => {
    // Avro bytes: zig-zag length 2 (0x04), then -1250 as fb1e.
    expect(amountType.toBuffer('-12.5').toString('hex')).toBe('04fb1e');
    expect(amountType.toBuffer('-0.01').toString('hex')).toBe('02ff');
    expect(amountType.toBuffer('0').toString('hex')).toBe('0200');
  });

  it.each(['0', '0.01', '-0.01', '12.5', '9999999999.99', '-9999999999.99'])('round-trips %s', (text) => {
    const decoded = amountType.fromBuffer(amountType.toBuffer(text));
    expect(decoded).toBe(formatDecimal(parseDecimal(text, money), money));
  });

  it('refuses to write invalid amounts', () => {
    expect(() => amountType.toBuffer('1.234')).toThrow('at most 2 places');
    expect(() => amountType.toBuffer('abc')).toThrow('expected a decimal string');
    expect(amountType.isValid('10000000000')).toBe(false);
  });

  it('refuses to read bytes with more digits than the precision', () => {
    const tooBig = Buffer.concat([Buffer.from([0x0c]), toTwosComplement(10n ** 12n)]);
    expect(() => amountType.fromBuffer(tooBig)).toThrow('at most 12 digits');
  });

  it('works over fixed', () => {
    const fixed = avroTypeFor({
      type: 'fixed',
      name: 'Money',
      size: 6,
      logicalType: 'decimal',
      precision: 12,
      scale: 2,
    });
    expect(fixed.toBuffer('-0.01').toString('hex')).toBe('ffffffffffff');
    expect(fixed.fromBuffer(fixed.toBuffer('123.4'))).toBe('123.40');
  });

  it.each([
    [{ type: 'bytes', logicalType: 'decimal' }, 'precision'],
    [{ type: 'bytes', logicalType: 'decimal', precision: 2, scale: 3 }, 'scale'],
    [{ type: 'string', logicalType: 'decimal', precision: 4, scale: 2 }, 'bytes or fixed'],
    [{ type: 'fixed', name: 'F', size: 1, logicalType: 'decimal', precision: 3 }, 'does not fit'],
  ])('rejects the malformed schema %j instead of falling back to raw bytes', (schema, message) => {
    expect(() => avroTypeFor(schema as never)).toThrow(message);
  });
});
