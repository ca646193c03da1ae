import { z } from 'zod';
import { normaliseEmail } from '../domain/email';
import { normaliseName } from '../domain/name';
import type { RuleResult } from '../domain/result';

/** Adapts a domain rule to zod, so rule failures are reported like any other field error. */
function rule(check: (raw: string) => RuleResult<string>) {
  return z.string().transform((raw, ctx) => {
    const result = check(raw);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.error });
    return z.NEVER;
  });
}

/** Body of POST /users; unknown fields are refused. */
export const createUserBody = z
  .object({
    email: rule(normaliseEmail),
    name: rule(normaliseName),
  })
  .strict();
