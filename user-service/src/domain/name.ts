import type { RuleResult } from './result';

export const NAME_MAX_LENGTH = 200;

// Control characters (newlines, NUL...) in a display name only ever break logs and UIs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Trims a display name; it must then be non-empty and at most 200 characters (code points). */
export function normaliseName(raw: string): RuleResult<string> {
  const name = raw.trim();
  if (name.length === 0) return { ok: false, error: 'must not be empty' };
  if ([...name].length > NAME_MAX_LENGTH) {
    return { ok: false, error: `must be at most ${NAME_MAX_LENGTH} characters` };
  }
  if (CONTROL.test(name)) return { ok: false, error: 'must not contain control characters' };
  return { ok: true, value: name };
}
