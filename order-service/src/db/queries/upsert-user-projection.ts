import { preparedRaw } from '@contract-events/runtime';
import type { Knex } from 'knex';
import type { UserProjectionRow } from '../rows';

/**
 * Applies a user_created event to the projection. The `where` makes it last-writer-wins by event
 * time, not by arrival: a late, older event never overwrites a newer one.
 *
 * @returns true when the row was inserted or updated.
 */
export async function upsertUserProjection(
  db: Knex | Knex.Transaction,
  user: UserProjectionRow,
): Promise<boolean> {
  const result = await preparedRaw<{ rowCount: number }>(
    db,
    `insert into users (user_id, email, name, occurred_at, event_id, updated_at)
     values (:user_id, :email, :name, :occurred_at, :event_id, now())
     on conflict (user_id) do update
       set email = excluded.email, name = excluded.name, occurred_at = excluded.occurred_at,
           event_id = excluded.event_id, updated_at = now()
       where users.occurred_at <= excluded.occurred_at`,
    { ...user },
  );
  return result.rowCount > 0;
}
