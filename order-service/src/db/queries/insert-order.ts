import type { Knex } from 'knex';
import type { OrderRow } from '../rows';

/** Inserts an order; `amount` is the canonical decimal string, stored without a float. */
export async function insertOrder(db: Knex | Knex.Transaction, order: OrderRow): Promise<OrderRow> {
  const [row] = await db<OrderRow>('orders')
    .insert(order)
    .returning(['id', 'user_id', 'amount', 'currency', 'created_at']);
  return row as OrderRow;
}
