import type { PageRequest } from '@contract-events/runtime';
import { rowsToFetch } from '@contract-events/runtime';
import type { Knex } from 'knex';
import type { UserOrderRow } from '../rows';

/**
 * One page of the orders known for `userId`, newest first (order id breaks ties so the order is
 * stable), with one row more than the page when another page follows.
 */
export async function listUserOrders(
  db: Knex | Knex.Transaction,
  userId: string,
  page: PageRequest,
): Promise<UserOrderRow[]> {
  const query = db<UserOrderRow>('user_orders')
    .select('order_id', 'user_id', 'amount', 'currency', 'created_at', 'event_id')
    .where({ user_id: userId });
  if (page.after) query.whereRaw('(created_at, order_id) < (?, ?)', [page.after.createdAt, page.after.id]);
  return query
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'order_id', order: 'desc' },
    ])
    .limit(rowsToFetch(page));
}
