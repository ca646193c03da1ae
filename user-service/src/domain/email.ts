import type { RuleResult } from './result';

/** Longest address SMTP can carry (RFC 5321 path limit minus the angle brackets). */
export const EMAIL_MAX_LENGTH = 254;
const LOCAL_PART_MAX_LENGTH = 64;

// RFC 5322 dot-atom local part and a hostname of LDH labels with at least one dot. Quoted local
// parts, IP-literal domains and non-ASCII addresses are refused: rare, and each is a source of
// look-alike duplicates under a unique index.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /\.[a-z][a-z0-9-]*[a-z0-9]$|\.xn--[a-z0-9-]+$/;

/**
 * Trims and lower-cases an email address, then checks it is a plausible address. Lower-casing the
 * whole address (local part included) is what makes "Ann@X.io" and "ann@x.io" one account.
 */
export function normaliseEmail(raw: string): RuleResult<string> {
  const email = raw.trim().toLowerCase();
  if (email.length === 0) return { ok: false, error: 'must not be empty' };
  if (email.length > EMAIL_MAX_LENGTH) {
    return { ok: false, error: `must be at most ${EMAIL_MAX_LENGTH} characters` };
  }
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (
    at <= 0 ||
    local.length > LOCAL_PART_MAX_LENGTH ||
    !LOCAL_PART.test(local) ||
    !DOMAIN.test(domain) ||
    !TOP_LEVEL.test(domain)
  ) {
    return { ok: false, error: 'must be an email address like name@example.com' };
  }
  return { ok: true, value: email };
}
