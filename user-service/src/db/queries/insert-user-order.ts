import type { Knex } from 'knex';
import type { UserOrderRow } from '../rows';

/**
 * Records an order learned from an event. An order is immutable, so a second delivery (or a
 * replay under a new event id) changes nothing.
 *
 * @returns true when the row was new.
 */
export async function insertUserOrder(db: Knex | Knex.Transaction, order: UserOrderRow): Promise<boolean> {
  const inserted = await db<UserOrderRow>('user_orders')
    .insert(order)
    .onConflict('order_id')
    .ignore()
    .returning('order_id');
  return inserted.length > 0;
}
