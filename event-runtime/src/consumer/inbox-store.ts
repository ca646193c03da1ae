import type { Knex } from 'knex';

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
 * One round trip for the whole list; an id listed twice is recorded once (the last row's place).
 */
export async function recordInInbox(trx: Knex.Transaction, rows: InboxRow[]): Promise<Set<string>> {
  const unique = [...new Map(rows.map((r) => [r.event_id, r])).values()];
  if (unique.length === 0) return new Set();
  const inserted: { event_id: string }[] = await trx('inbox')
    .insert(unique)
    .onConflict('event_id')
    .ignore()
    .returning('event_id');
  return new Set(inserted.map((r) => r.event_id));
}
