import type { z } from 'zod';
import type { OrderRow } from '../db/rows';
import type { orderResponse } from './order-schemas';

/** The JSON form of an order; `amount` stays a decimal string, e.g. "12.50". */
export function orderJson(order: OrderRow): z.input<typeof orderResponse> {
  return {
    id: order.id,
    user_id: order.user_id,
    amount: order.amount,
    currency: order.currency,
    created_at: order.created_at.toISOString(),
  };
}
