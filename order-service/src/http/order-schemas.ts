import { pageQuery, uuidSchema } from '@contract-events/runtime';
import { z } from 'zod';
import { AMOUNT_MAX, AMOUNT_TYPE_ERROR, parseAmount } from '../domain/amount';
import { normaliseCurrency } from '../domain/currency';

/** Body of POST /orders; unknown fields are refused. `currency` defaults in the route. */
export const createOrderBody = z
  .object({
    user_id: uuidSchema,
    amount: z
      .union([z.string(), z.number()], { error: AMOUNT_TYPE_ERROR })
      .transform((raw, ctx) => {
        const result = parseAmount(raw);
        if (result.ok) return result.value;
        ctx.addIssue({ code: 'custom', message: result.error });
        return z.NEVER;
      })
      .meta({
        description: `Positive, at most two decimal places, at most ${AMOUNT_MAX}; a string keeps it exact`,
        examples: ['12.50', 7],
      }),
    currency: z
      .string()
      .transform((raw, ctx) => {
        const result = normaliseCurrency(raw);
        if (result.ok) return result.value;
        ctx.addIssue({ code: 'custom', message: result.error });
        return z.NEVER;
      })
      .optional()
      .meta({ description: "ISO 4217 code, any case; the service's default currency when absent" }),
  })
  .strict();

/** Query of GET /orders: whose orders, and which page. Other query parameters are ignored. */
export const listOrdersQuery = pageQuery.extend({ user_id: uuidSchema });

/** The path of GET /orders/:id: an id that is not a UUID names no order (404). */
export const orderIdParams = z.object({ id: uuidSchema.meta({ description: 'The order id' }) });

/**
 * The `Prefer` header of POST /orders. Only its `wait` preference is read (`prefer-header.ts`); a
 * malformed one is ignored, as a preference is a hint.
 */
export const createOrderHeaders = z.object({
  prefer: z.string().optional().meta({
    description:
      'RFC 7240; `wait=N` waits up to N seconds (capped by the service) for a user created a moment ago to arrive',
    example: 'wait=5',
  }),
});

/** An order, as the API answers it. */
export const orderResponse = z
  .strictObject({
    id: z.guid(),
    user_id: z.guid(),
    amount: z.string().meta({ description: 'Exact decimal with two places', example: '12.50' }),
    currency: z.string().meta({ description: 'ISO 4217 code', example: 'EUR' }),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'Order' });

/** A page of a user's orders, newest first. */
export const ordersPage = z.strictObject({
  orders: z.array(orderResponse),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
});

/** The `Location` of a created order. */
export const createdOrderHeaders = z.strictObject({
  location: z.string().meta({ description: 'The path of the created order', example: '/orders/{id}' }),
});
