import type { Knex } from 'knex';
import type { UserRow } from '../rows';

/**
 * Inserts a user. Throws pg's unique_violation on `users_email_unique` for a taken email (see
 * isUniqueViolation).
 */
export async function insertUser(db: Knex | Knex.Transaction, user: UserRow): Promise<UserRow> {
  const [row] = await db<UserRow>('users').insert(user).returning(['id', 'email', 'name', 'created_at']);
  return row as UserRow;
}
