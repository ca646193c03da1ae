import { parseAmount } from '../../../src/domain/amount';

describe('parseAmount', () => {
  it.each<[unknown, string]>([
    ['12.50', '12.50'],
    ['12.5', '12.50'],
    ['12', '12.00'],
    ['0.01', '0.01'],
    ['007.1', '7.10'],
    ['9999999999.99', '9999999999.99'],
    [12.5, '12.50'],
    [12, '12.00'],
    [0.1, '0.10'],
    [1e3, '1000.00'],
    [9999999999.99, '9999999999.99'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(parseAmount(raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, RegExp]>([
    ['0', /positive/],
    ['0.00', /positive/],
    [0, /positive/],
    [-0, /positive/],
    ['-1', /positive/],
    [-1, /positive/],
    ['1.234', /at most 2 places/],
    [1.234, /at most 2 places/],
    [12.345, /at most 2 places/],
    [0.1 + 0.2, /at most 2 places/],
    ['1e3', /at most 2 places/],
    ['abc', /at most 2 places/],
    ['', /at most 2 places/],
    [' 12.50 ', /at most 2 places/],
    ['12.', /at most 2 places/],
    ['.5', /at most 2 places/],
    ['+5', /at most 2 places/],
    ['1,5', /at most 2 places/],
    ['10000000000', /at most 9999999999.99/],
    [10000000000, /at most 9999999999.99/],
    [1e21, /at most 2 places/],
    [Number.NaN, /string or a JSON number/],
    [Number.POSITIVE_INFINITY, /string or a JSON number/],
    [null, /string or a JSON number/],
    [true, /string or a JSON number/],
    [{ value: '1' }, /string or a JSON number/],
  ])('rejects %j', (raw, message) => {
    const result = parseAmount(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
