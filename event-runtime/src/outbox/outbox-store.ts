import type { Knex } from 'knex';

/** Channel the relay LISTENs on; an insert NOTIFYs it, delivered when the transaction commits. */
export const OUTBOX_CHANNEL = 'outbox_committed';

export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  event_id: string;
  /** W3C trace context of the writing transaction's span (null when it was not traced). */
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * One round trip on the hot path of every business write: take the key's lock, insert, notify.
 * Writers of one key take turns until commit, so a key's outbox ids follow its commit order and
 * the relay's id order is that key's true order (ids alone follow insert order, not commits). The
 * insert selects from the lock, so the lock is held before the row's id is drawn. Several inserts
 * in one transaction collapse into one notification (same channel and payload), sent on commit.
 */
export async function insertOutboxRow(trx: Knex.Transaction, row: Omit<OutboxRow, 'id'>): Promise<void> {
  await trx.raw(
    `with key_lock as (select pg_advisory_xact_lock(hashtext(?), hashtext(?))),
          wake as (select pg_notify(?, ''))
     insert into outbox (topic, key, value, headers, event_id, traceparent, tracestate)
     select ?, ?, ?, ?::jsonb, ?, ?, ? from key_lock, wake`,
    [
      row.topic,
      row.key,
      OUTBOX_CHANNEL,
      row.topic,
      row.key,
      row.value,
      JSON.stringify(row.headers),
      row.event_id,
      row.traceparent,
      row.tracestate,
    ],
  );
}

/**
 * Locks the oldest unpublished rows this instance may publish now. Rows locked by another
 * relay are skipped, and so is any row whose key still has an older unpublished row outside
 * this batch: publishing it first could reorder that key's events.
 */
export async function claimOutboxBatch(trx: Knex.Transaction, limit: number): Promise<OutboxRow[]> {
  const { rows } = await trx.raw<{ rows: OutboxRow[] }>(
    `with claimed as (
       select id, topic, key from outbox
       where published_at is null
       order by id
       limit ?
       for update skip locked
     )
     select o.id, o.topic, o.key, o.value, o.headers, o.event_id, o.traceparent, o.tracestate
     from outbox o join claimed c on c.id = o.id
     where not exists (
       select 1 from outbox older
       where older.published_at is null
         and older.topic = c.topic and older.key = c.key and older.id < c.id
         and older.id not in (select id from claimed)
     )
     order by o.id`,
    [limit],
  );
  return rows;
}

export async function markOutboxPublished(trx: Knex.Transaction, ids: string[]): Promise<void> {
  await trx('outbox').whereIn('id', ids).update({ published_at: trx.fn.now() });
}

export async function outboxBacklog(db: Knex): Promise<{ count: number; oldestAgeSeconds: number }> {
  const { rows } = await db.raw<{ rows: { count: string; age: number | null }[] }>(
    `select count(*) as count, extract(epoch from now() - min(created_at))::float8 as age
     from outbox where published_at is null`,
  );
  const row = rows[0];
  return { count: Number(row?.count ?? 0), oldestAgeSeconds: row?.age ?? 0 };
}

/** Deletes up to `limit` rows published before `olderThanMs` ago; returns how many went. */
export async function deletePublishedOutboxRows(
  db: Knex,
  olderThanMs: number,
  limit = 10_000,
): Promise<number> {
  const { rowCount } = await db.raw<{ rowCount: number }>(
    `delete from outbox where id in (
       select id from outbox
       where published_at is not null and published_at < now() - make_interval(secs => ?)
       limit ?
     )`,
    [olderThanMs / 1000, limit],
  );
  return rowCount;
}
