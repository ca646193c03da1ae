import type { Knex } from 'knex';
import type { OrderRow } from '../rows';

/** The orders of `userId`, newest first (id breaks ties so the order is stable). */
export async function listOrdersByUser(db: Knex | Knex.Transaction, userId: string): Promise<OrderRow[]> {
  return db<OrderRow>('orders')
    .select('id', 'user_id', 'amount', 'currency', 'created_at')
    .where({ user_id: userId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
}
