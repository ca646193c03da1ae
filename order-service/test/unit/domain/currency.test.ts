import { normaliseCurrency } from '../../../src/domain/currency';

describe('normaliseCurrency', () => {
  it('accepts three letters and upper-cases them', () => {
    expect(normaliseCurrency('EUR')).toEqual({ ok: true, value: 'EUR' });
    expect(normaliseCurrency('usd')).toEqual({ ok: true, value: 'USD' });
  });

  it.each(['', 'EU', 'EURO', 'E1R', ' EUR', '€€€'])('rejects %j', (raw) => {
    expect(normaliseCurrency(raw).ok).toBe(false);
  });
});
