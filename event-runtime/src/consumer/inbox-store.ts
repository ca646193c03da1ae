import type { Knex } from 'knex';
import { pgArray } from '../db/pg-array';
import { preparedRaw } from '../db/prepared';

/** One consumed event as the inbox remembers it: its id, and where it was read. */
export interface InboxRow {
  event_id: string;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Records events in the inbox, inside the transaction that applies them, and returns the ids that
 * were new: the others were applied before (Kafka redelivered them) and must not be applied again.
 * One round trip for the whole list, in one statement text whatever the list's length (arrays, not
 * a VALUES row per event), so it is prepared once per connection (db/prepared.ts); an id listed twice
 * is recorded once (the last row's place).
 */
export async function recordInInbox(trx: Knex.Transaction, rows: InboxRow[]): Promise<Set<string>> {
  const unique = [...new Map(rows.map((r) => [r.event_id, r])).values()];
  if (unique.length === 0) return new Set();
  const { rows: inserted } = await preparedRaw<{ rows: { event_id: string }[] }>(
    trx,
    `insert into inbox (event_id, topic, partition, "offset")
     select * from unnest(?::uuid[], ?::text[], ?::integer[], ?::bigint[])
     on conflict (event_id) do nothing
     returning event_id`,
    [
      pgArray(unique.map((r) => r.event_id)),
      pgArray(unique.map((r) => r.topic)),
      pgArray(unique.map((r) => r.partition)),
      pgArray(unique.map((r) => r.offset)),
    ],
  );
  return new Set(inserted.map((r) => r.event_id));
}
