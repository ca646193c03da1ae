import { uuidSchema } from '@contract-events/runtime';
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

/** The path of the routes under one user: an id that is not a UUID names no user (404). */
export const userIdParams = z.object({ id: uuidSchema.meta({ description: 'The user id' }) });

/** A user, as the API answers it. */
export const userResponse = z
  .strictObject({
    id: z.guid(),
    email: z.string().meta({ description: 'Trimmed and lower-cased' }),
    name: z.string(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'User' });

/** An order of a user, as this service knows it from `order_created`; same shape as the order service's. */
export const userOrderResponse = z
  .strictObject({
    id: z.guid(),
    user_id: z.guid(),
    amount: z.string().meta({ description: 'Exact decimal with two places', example: '12.50' }),
    currency: z.string().meta({ description: 'ISO 4217 code', example: 'EUR' }),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'UserOrder' });

/** A page of a user's orders, newest first. */
export const userOrdersPage = z.strictObject({
  orders: z.array(userOrderResponse),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
});

/** The `Location` of a created user. */
export const createdUserHeaders = z.strictObject({
  location: z.string().meta({ description: 'The path of the created user', example: '/users/{id}' }),
});
