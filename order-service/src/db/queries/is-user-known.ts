import type { Knex } from 'knex';

/** True when the users projection has `userId` (a valid UUID). */
export async function isUserKnown(db: Knex | Knex.Transaction, userId: string): Promise<boolean> {
  const row = await db('users').select(db.raw('1')).where({ user_id: userId }).first();
  return row !== undefined;
}
