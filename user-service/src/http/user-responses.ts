import type { z } from 'zod';
import type { UserOrderRow, UserRow } from '../db/rows';
import type { userOrderResponse, userResponse } from './user-schemas';

/** The JSON form of a user. */
export function userJson(user: UserRow): z.input<typeof userResponse> {
  return { id: user.id, email: user.email, name: user.name, created_at: user.created_at.toISOString() };
}

/** The JSON form of an order known to this service; same shape as the order service's. */
export function userOrderJson(order: UserOrderRow): z.input<typeof userOrderResponse> {
  return {
    id: order.order_id,
    user_id: order.user_id,
    amount: order.amount,
    currency: order.currency,
    created_at: order.created_at.toISOString(),
  };
}
