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

/** Rows per statement: PostgreSQL takes at most 65,535 parameters, six a row here. */
const ROWS_PER_INSERT = 1000;

/** {@link insertUserOrder} for many orders: one multi-row statement per thousand rows. */
export async function insertUserOrders(
  db: Knex | Knex.Transaction,
  orders: readonly UserOrderRow[],
): Promise<void> {
  for (let from = 0; from < orders.length; from += ROWS_PER_INSERT) {
    await db<UserOrderRow>('user_orders')
      .insert(orders.slice(from, from + ROWS_PER_INSERT) as UserOrderRow[])
      .onConflict('order_id')
      .ignore();
  }
}
