import type { Knex } from 'knex';
import type { UserRow } from '../rows';

/** The user with `id` (a valid UUID), or undefined. */
export async function findUserById(db: Knex | Knex.Transaction, id: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').select('id', 'email', 'name', 'created_at').where({ id }).first();
}
