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

/** How the relay learns of new rows: a `pg_notify` in the writing transaction, or nothing here. */
export type OutboxWake = 'notify' | 'none';

/**
 * One round trip for any number of rows, on the hot path of every business write: take each
 * key's lock, insert the rows in the given order, and (with `wake: 'notify'`) notify the relay.
 * Writers of one key take turns until commit, so a key's outbox ids follow its commit order and
 * the relay's id order is that key's true order (ids alone follow insert order, not commits). The
 * insert joins the one-row `key_lock`, which holds only once every lock is taken, so the locks are
 * held before any id is drawn; they are taken in (topic, key) hash order, so two such statements
 * cannot deadlock each other. A notification is delivered on commit only, and PostgreSQL
 * serialises the commits of notifying transactions: a writer whose relay runs in its own process
 * wakes it after the commit instead (`wake: 'none'`, see outbox.ts).
 */
export async function insertOutboxRows(
  trx: Knex.Transaction,
  rows: readonly Omit<OutboxRow, 'id'>[],
  wake: OutboxWake,
): Promise<void> {
  if (rows.length === 0) return;
  const notify = wake === 'notify';
  await trx.raw(
    `with key_lock as (
       select count(*) as locks from (
         select pg_advisory_xact_lock(k.t, k.k) from (
           select distinct hashtext(u.topic) as t, hashtext(u.key) as k
           from unnest(?::text[], ?::text[]) as u(topic, key)
           order by 1, 2
         ) k
       ) taken
     )${notify ? `, wake as (select pg_notify(?, ''))` : ''}
     insert into outbox (topic, key, value, headers, event_id, traceparent, tracestate)
     select r.topic, r.key, r.value, r.headers, r.event_id, r.traceparent, r.tracestate
     from unnest(?::text[], ?::text[], ?::bytea[], ?::jsonb[], ?::uuid[], ?::text[], ?::text[])
            with ordinality as r(topic, key, value, headers, event_id, traceparent, tracestate, ord)
       cross join key_lock${notify ? ' cross join wake' : ''}
     order by r.ord`,
    [
      rows.map((r) => r.topic),
      rows.map((r) => r.key),
      ...(notify ? [OUTBOX_CHANNEL] : []),
      rows.map((r) => r.topic),
      rows.map((r) => r.key),
      rows.map((r) => r.value),
      rows.map((r) => JSON.stringify(r.headers)),
      rows.map((r) => r.event_id),
      // Null elements are SQL nulls (node-postgres sends them so); knex's binding type has no room for them.
      rows.map((r) => r.traceparent) as string[],
      rows.map((r) => r.tracestate) as string[],
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
