import { pageQuery, uuidSchema } from '@contract-events/runtime';
import { z } from 'zod';
import { parseAmount } from '../domain/amount';
import { normaliseCurrency } from '../domain/currency';

/** Body of POST /orders; unknown fields are refused. `currency` defaults in the route. */
export const createOrderBody = z
  .object({
    user_id: uuidSchema,
    amount: z.unknown().transform((raw, ctx) => {
      const result = parseAmount(raw);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.error });
      return z.NEVER;
    }),
    currency: z
      .string()
      .transform((raw, ctx) => {
        const result = normaliseCurrency(raw);
        if (result.ok) return result.value;
        ctx.addIssue({ code: 'custom', message: result.error });
        return z.NEVER;
      })
      .optional(),
  })
  .strict();

/** Query of GET /orders: whose orders, and which page. Other query parameters are ignored. */
export const listOrdersQuery = pageQuery.extend({ user_id: uuidSchema });
