import type { RuleResult } from './result';

/** Largest amount a decimal(12,2) column holds. */
export const AMOUNT_MAX = '9999999999.99';

// At most 10 whole digits and 2 places: exactly what fits decimal(12,2). No sign, exponent,
// whitespace or bare "." so there is one obvious reading of every accepted value.
const AMOUNT_PATTERN = /^(\d{1,10})(?:\.(\d{1,2}))?$/;
const FORMAT_HINT = 'must be a positive decimal with at most 2 places, like "12.50"';

/** Why a value that is neither a string nor a finite number is refused. */
export const AMOUNT_TYPE_ERROR = `${FORMAT_HINT} (as a string or a JSON number)`;

/**
 * Parses an order amount into its canonical string with two places ("12.5" → "12.50"), never via
 * a float. A JSON number is checked through `String(n)`, which is the shortest text that reads
 * back as the same double: 12.345 and 0.1 + 0.2 show their extra places there and are refused.
 */
export function parseAmount(raw: unknown): RuleResult<string> {
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else return { ok: false, error: AMOUNT_TYPE_ERROR };

  if (text.startsWith('-')) return { ok: false, error: 'must be positive' };
  const match = AMOUNT_PATTERN.exec(text);
  if (!match) {
    const wholeDigits = /^(\d+)(?:\.\d+)?$/.exec(text)?.[1]?.replace(/^0+/, '') ?? '';
    if (wholeDigits.length > 10) return { ok: false, error: `must be at most ${AMOUNT_MAX}` };
    return { ok: false, error: FORMAT_HINT };
  }
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const places = (match[2] ?? '').padEnd(2, '0');
  if (/^0+$/.test(whole) && places === '00') return { ok: false, error: 'must be positive' };
  return { ok: true, value: `${whole}.${places}` };
}
