import type { EventHandler } from '@contract-events/runtime';
import { upsertUserProjection } from '../db/queries/upsert-user-projection';

/** Records the user so orders may name them; an older event than the stored one changes nothing. */
export const onUserCreated: EventHandler<'user_created'> = async (trx, event) => {
  await upsertUserProjection(trx, {
    user_id: event.user_id,
    email: event.email,
    name: event.name,
    occurred_at: event.occurred_at,
    event_id: event.event_id,
  });
};
