import type { Knex } from 'knex';
import type { EventCodec } from '../codec/event-codec';
import { topicKeyFields, type TopicEvents, type TopicName } from '../generated';
import { eventHeadersOf } from './event-headers';
import { insertOutboxRows, writeWithOutboxRows, type OutboxRow } from './outbox-store';
import { outboxTraceContext } from './outbox-tracing';

/** How a service publishes an event: in the transaction of the business write it belongs to. */
export interface Outbox {
  /**
   * Validates and encodes the event, then inserts it in the caller's transaction: it is
   * published if and only if that transaction commits.
   *
   * @throws EventValidationError `EVENT_SCHEMA_MISMATCH` when the event does not match its schema.
   */
  enqueue<T extends TopicName>(trx: Knex.Transaction, topic: T, event: TopicEvents[T]): Promise<void>;
  /**
   * {@link Outbox.enqueue} for several events of one topic, in one statement: they are published in
   * the order given. Nothing is inserted if any of them does not match its schema.
   */
  enqueueMany<T extends TopicName>(
    trx: Knex.Transaction,
    topic: T,
    events: readonly TopicEvents[T][],
  ): Promise<void>;
  /**
   * A business write and its events in one SQL statement: `statement` (an INSERT/UPDATE/DELETE ...
   * RETURNING, built by knex) runs, and `events` are enqueued if and only if it returns a row. Its
   * rows are returned. One statement is atomic on its own, so outside a transaction this is one
   * round trip where `enqueue` takes four (begin, the write, the outbox insert, commit): the hot
   * path of a write that is a single statement. Inside a transaction it belongs to that transaction.
   *
   * @throws EventValidationError `EVENT_SCHEMA_MISMATCH` when an event does not match its schema
   *   (before anything is written).
   */
  writeWithEvents<Row, T extends TopicName>(
    db: Knex | Knex.Transaction,
    statement: Knex.Raw | Knex.QueryBuilder,
    topic: T,
    events: readonly TopicEvents[T][],
  ): Promise<Row[]>;
}

export interface OutboxOptions {
  codec: EventCodec;
  topicName: (topic: TopicName) => string;
  /** The producing service as a URI reference (`/order-service`): the records' CloudEvents `source`. */
  source: string;
  /**
   * Wakes a relay running in this process once the transaction has committed. Without it, each
   * writing transaction `pg_notify`s the relay (wherever it runs), which PostgreSQL delivers on
   * commit but pays for by serialising the commits of all notifying transactions.
   */
  wakeRelay?: () => void;
}

/**
 * Encodes at enqueue time, inside the business transaction: an event that does not match its
 * schema rolls the business write back instead of failing later in the relay.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { codec, topicName, source, wakeRelay } = options;
  // Transactions already set to wake the relay on commit: one wake-up each, however many events.
  const waking = new WeakSet<Knex.Transaction>();

  function wakeAfterCommit(trx: Knex.Transaction): void {
    if (!wakeRelay || waking.has(trx)) return;
    waking.add(trx);
    // Settles when this transaction commits (or, in a savepoint, is released: the relay may then
    // wake too early and find nothing, and the next wake-up or its poll publishes the rows).
    trx.executionPromise.then(wakeRelay, () => undefined);
  }

  async function rowOf<T extends TopicName>(topic: T, event: TopicEvents[T]): Promise<Omit<OutboxRow, 'id'>> {
    const value = await codec.encode(topic, event);
    return {
      topic: topicName(topic),
      key: String(event[topicKeyFields[topic] as keyof typeof event]),
      value,
      headers: eventHeadersOf({ topic, event, source }),
      event_id: event.event_id,
      // The active span's context (the request's), for the relay to continue the trace.
      ...outboxTraceContext(),
    };
  }

  async function rowsOf<T extends TopicName>(
    topic: T,
    events: readonly TopicEvents[T][],
  ): Promise<Omit<OutboxRow, 'id'>[]> {
    const rows: Omit<OutboxRow, 'id'>[] = [];
    for (const event of events) rows.push(await rowOf(topic, event));
    return rows;
  }

  async function insert(trx: Knex.Transaction, rows: Omit<OutboxRow, 'id'>[]): Promise<void> {
    await insertOutboxRows(trx, rows, wakeRelay ? 'none' : 'notify');
    wakeAfterCommit(trx);
  }

  return {
    async enqueue(trx, topic, event) {
      await insert(trx, [await rowOf(topic, event)]);
    },
    async enqueueMany(trx, topic, events) {
      await insert(trx, await rowsOf(topic, events));
    },
    async writeWithEvents<Row, T extends TopicName>(
      db: Knex | Knex.Transaction,
      statement: Knex.Raw | Knex.QueryBuilder,
      topic: T,
      events: readonly TopicEvents[T][],
    ) {
      const rows = await rowsOf(topic, events);
      const { sql, bindings } = statement.toSQL();
      const written = await writeWithOutboxRows<Row>(
        db,
        { sql, bindings },
        rows,
        wakeRelay ? 'none' : 'notify',
      );
      if (written.length > 0 && rows.length > 0 && wakeRelay) {
        if (db.isTransaction) wakeAfterCommit(db as Knex.Transaction);
        else wakeRelay();
      }
      return written;
    },
  };
}
