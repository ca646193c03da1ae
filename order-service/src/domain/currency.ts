import type { RuleResult } from './result';

/**
 * Checks an ISO 4217 alphabetic code. Input is upper-cased first ("eur" → "EUR"): the codes are
 * case-insensitive in practice and the canonical form is unambiguous. Only the shape is checked,
 * not membership in the current ISO list, so a newly issued code needs no release.
 */
export function normaliseCurrency(raw: string): RuleResult<string> {
  const code = raw.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code))
    return { ok: false, error: 'must be an ISO 4217 code of three letters, like EUR' };
  return { ok: true, value: code };
}
