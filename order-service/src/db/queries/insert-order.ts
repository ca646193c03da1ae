import type { Knex } from 'knex';
import type { OrderRow } from '../rows';

/**
 * Inserts an order if the users projection knows its user, returning the row (none when the user is
 * unknown). One statement, so the check and the insert need no transaction; `amount` is the canonical
 * decimal string, stored without a float.
 */
export function insertOrderForKnownUser(db: Knex | Knex.Transaction, order: OrderRow): Knex.Raw {
  return db.raw(
    `insert into orders (id, user_id, amount, currency, created_at)
     select ?::uuid, ?::uuid, ?::numeric, ?, ?::timestamptz
     where exists (select 1 from users where user_id = ?::uuid)
     returning id, user_id, amount, currency, created_at`,
    [order.id, order.user_id, order.amount, order.currency, order.created_at, order.user_id],
  );
}
