/**
 * What one outbox row costs a business transaction, PostgreSQL alone: one-row transactions from
 * several connections at once, the outbox insert as the runtime writes it (the key's advisory lock and
 * a pg_notify that wakes the relay) beside the same insert without them. PostgreSQL serialises the
 * commits of transactions that NOTIFY (a database-wide lock held through the commit), which this shows.
 */
import { randomUUID } from 'node:crypto';
import { migrateDatabase, runtimeMigrations } from '@contract-events/runtime/tools';
import type { StackConfig } from '@contract-events/stack';
import { perSecond } from '../lib/stats';
import { createThrowawayDatabase } from '../lib/system';

const INSERTS = {
  // The statement of event-runtime/src/outbox/outbox-store.ts (insertOutboxRow).
  'outbox insert (advisory lock + pg_notify)': `with key_lock as (select pg_advisory_xact_lock(hashtext(?), hashtext(?))),
          wake as (select pg_notify(?, ''))
     insert into outbox (topic, key, value, headers, event_id)
     select ?, ?, ?, ?::jsonb, ? from key_lock, wake`,
  'outbox insert without pg_notify': `with key_lock as (select pg_advisory_xact_lock(hashtext(?), hashtext(?))),
          wake as (select ?::text)
     insert into outbox (topic, key, value, headers, event_id)
     select ?, ?, ?, ?::jsonb, ? from key_lock, wake`,
  'plain insert': `with wake as (select ?::text, ?::text, ?::text)
     insert into outbox (topic, key, value, headers, event_id)
     select ?, ?, ?, ?::jsonb, ? from wake`,
} as const;

export type InsertKind = keyof typeof INSERTS;

/** Committed one-row transactions per second of each kind, `connections` at a time for `seconds` each. */
export async function commitRates(
  stack: StackConfig,
  seconds: number,
  connections: number,
  recordSize: number,
): Promise<Record<InsertKind, number>> {
  const database = await createThrowawayDatabase(stack);
  try {
    await migrateDatabase(database.db, runtimeMigrations);
    const value = Buffer.alloc(recordSize, 1);
    const rates = {} as Record<InsertKind, number>;
    for (const [kind, sql] of Object.entries(INSERTS) as [InsertKind, string][]) {
      let committed = 0;
      const start = Date.now();
      const end = start + seconds * 1000;
      const connection = async () => {
        while (Date.now() < end) {
          const id = randomUUID();
          await database.db.transaction(async (trx) => {
            await trx.raw(sql, [
              't',
              id,
              'outbox_committed',
              't',
              id,
              value,
              JSON.stringify({ event_id: id }),
              id,
            ]);
          });
          committed += 1;
        }
      };
      await Promise.all(Array.from({ length: connections }, connection));
      rates[kind] = perSecond(committed, Date.now() - start);
    }
    return rates;
  } finally {
    await database.drop();
  }
}
