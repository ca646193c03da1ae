import type { Knex } from 'knex';
import type { UserRow } from '../rows';

/**
 * The statement inserting a user and returning its row, for the outbox to write with its event. It
 * fails with pg's unique_violation on `users_email_unique` for a taken email (see isUniqueViolation).
 */
export function insertUser(db: Knex | Knex.Transaction, user: UserRow): Knex.QueryBuilder {
  return db<UserRow>('users').insert(user).returning(['id', 'email', 'name', 'created_at']);
}
