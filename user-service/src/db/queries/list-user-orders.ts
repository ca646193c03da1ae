import type { Knex } from 'knex';
import type { UserOrderRow } from '../rows';

/** The orders known for `userId`, newest first (order id breaks ties so the order is stable). */
export async function listUserOrders(db: Knex | Knex.Transaction, userId: string): Promise<UserOrderRow[]> {
  return db<UserOrderRow>('user_orders')
    .select('order_id', 'user_id', 'amount', 'currency', 'created_at', 'event_id')
    .where({ user_id: userId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'order_id', order: 'desc' },
    ]);
}
