import type { UserOrderRow, UserRow } from '../db/rows';

/** The JSON form of a user. */
export function userJson(user: UserRow) {
  return { id: user.id, email: user.email, name: user.name, created_at: user.created_at.toISOString() };
}

/** The JSON form of an order known to this service; same shape as the order service's. */
export function userOrderJson(order: UserOrderRow) {
  return {
    id: order.order_id,
    user_id: order.user_id,
    amount: order.amount,
    currency: order.currency,
    created_at: order.created_at.toISOString(),
  };
}
