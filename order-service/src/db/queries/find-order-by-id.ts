import type { Knex } from 'knex';
import type { OrderRow } from '../rows';

/** The order with `id` (a valid UUID), or undefined. */
export async function findOrderById(db: Knex | Knex.Transaction, id: string): Promise<OrderRow | undefined> {
  return db<OrderRow>('orders')
    .select('id', 'user_id', 'amount', 'currency', 'created_at')
    .where({ id })
    .first();
}
