import { randomUUID } from 'node:crypto';
import type { UserCreated } from '@contract-events/runtime';
import type { UserRow } from '../db/rows';

/** The user_created event for a user just inserted; its time is the row's created_at. */
export function buildUserCreated(user: UserRow, eventId: string = randomUUID()): UserCreated {
  return {
    event_id: eventId,
    occurred_at: user.created_at,
    user_id: user.id,
    email: user.email,
    name: user.name,
  };
}
