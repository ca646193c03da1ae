import { pgArray, preparedRaw } from '@contract-events/runtime';
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

/**
 * {@link insertUserOrder} for many orders, in one statement: the rows go as arrays, so its text is
 * the same for any number of them and PostgreSQL prepares it once per connection (preparedRaw).
 */
export async function insertUserOrders(
  db: Knex | Knex.Transaction,
  orders: readonly UserOrderRow[],
): Promise<void> {
  if (orders.length === 0) return;
  await preparedRaw(
    db,
    `insert into user_orders (order_id, user_id, amount, currency, created_at, event_id)
     select * from unnest(?::uuid[], ?::uuid[], ?::numeric[], ?::text[], ?::timestamptz[], ?::uuid[])
     on conflict (order_id) do nothing`,
    [
      pgArray(orders.map((o) => o.order_id)),
      pgArray(orders.map((o) => o.user_id)),
      pgArray(orders.map((o) => o.amount)),
      pgArray(orders.map((o) => o.currency)),
      pgArray(orders.map((o) => o.created_at)),
      pgArray(orders.map((o) => o.event_id)),
    ],
  );
}
