import type { PageRequest } from '@contract-events/runtime';
import { rowsToFetch } from '@contract-events/runtime';
import type { Knex } from 'knex';
import type { OrderRow } from '../rows';

/**
 * One page of the orders of `userId`, newest first (id breaks ties so the order is stable), with one
 * row more than the page when another page follows.
 */
export async function listOrdersByUser(
  db: Knex | Knex.Transaction,
  userId: string,
  page: PageRequest,
): Promise<OrderRow[]> {
  const query = db<OrderRow>('orders')
    .select('id', 'user_id', 'amount', 'currency', 'created_at')
    .where({ user_id: userId });
  if (page.after) query.whereRaw('(created_at, id) < (?, ?)', [page.after.createdAt, page.after.id]);
  return query
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(rowsToFetch(page));
}
