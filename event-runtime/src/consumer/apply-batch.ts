import type { Tracer } from '@opentelemetry/api';
import type { Knex } from 'knex';
import type { TopicName } from '../generated';
import type { ServiceMetrics } from '../observability/metrics';
import type { Rejected } from './dead-letter';
import type { Decoded } from './decode-batch';
import { TRACING_OFF } from '../observability/tracing';
import { inEventSpan } from './event-tracing';
import { recordInInbox, type InboxRow } from './inbox-store';
import { asPermanentDataError, isPermanent } from './invalid-event';
import type { EventHandler, EventHandlers, EventMeta } from './types';

/** What applying needs: the database, the service's handlers, and the counters of outcomes. */
export interface ApplyDeps {
  db: Knex;
  handlers: EventHandlers;
  metrics: ServiceMetrics;
  /** Each event's handler runs in its own span (event-tracing.ts). */
  tracer: Tracer;
}

type AnyHandler = EventHandler<TopicName>;

const inboxRow = ({ message, event }: Decoded): InboxRow => ({
  event_id: event.event_id,
  topic: message.topic,
  partition: message.partition,
  offset: message.offset,
});

/**
 * Applies a batch's decoded events, each once: the handlers' changes and the inbox rows commit in
 * one transaction. Returns the events a handler (or the database) refused, for the dead-letter
 * topic; a transient failure throws and nothing of the batch is committed.
 */
export async function applyBatch(deps: ApplyDeps, topic: TopicName, items: Decoded[]): Promise<Rejected[]> {
  if (items.length === 0) return [];
  return applyFast(deps, topic, items).catch((err: unknown) => {
    if (!isPermanent(err)) throw err;
    return applyCarefully(deps, topic, items);
  });
}

const metaOf = ({ message }: Decoded): EventMeta => ({
  topic: message.topic,
  partition: message.partition,
  offset: message.offset,
  key: message.key?.toString() ?? null,
});

/** Runs the topic's handler on the items, in order: with its `many` in one call when it has one. */
async function runHandler(
  { handlers, tracer }: ApplyDeps,
  trx: Knex.Transaction,
  topic: TopicName,
  items: readonly Decoded[],
): Promise<void> {
  const handler = handlers[topic] as AnyHandler;
  try {
    // A handler's `many` writes a batch's events in one statement; a traced consumer runs each event
    // in its own span instead (event-tracing.ts), since one statement cannot belong to several traces.
    if (handler.many && items.length > 1 && tracer === TRACING_OFF.tracer) {
      await handler.many(
        trx,
        items.map((item) => ({ event: item.event as never, meta: metaOf(item) })),
      );
      return;
    }
    for (const item of items) {
      await inEventSpan(tracer, item.message, item.event.event_id, () =>
        handler(trx, item.event as never, metaOf(item)),
      );
    }
  } catch (err) {
    throw asPermanentDataError(err) ?? err;
  }
}

/**
 * Fast path: one transaction, one inbox insert for the whole batch (the ids that were new come
 * back), then the handler on the new events in offset order (one call of its `many` if it has
 * one). No savepoints; a refusal rolls it all back and {@link applyCarefully} takes over.
 */
async function applyFast(deps: ApplyDeps, topic: TopicName, items: Decoded[]): Promise<Rejected[]> {
  const applied = await deps.db.transaction(async (trx) => {
    const fresh = await recordInInbox(trx, items.map(inboxRow));
    // delete(): an id seen twice in one batch is applied at its first offset only.
    const news = items.filter((item) => fresh.delete(item.event.event_id));
    await runHandler(deps, trx, topic, news);
    return news.length;
  });
  deps.metrics.eventsConsumed.inc({ topic, outcome: 'applied' }, applied);
  deps.metrics.eventsConsumed.inc({ topic, outcome: 'duplicate' }, items.length - applied);
  return [];
}

/** After a handler refused an event: one savepoint per event, so only that event is set aside. */
async function applyCarefully(deps: ApplyDeps, topic: TopicName, items: Decoded[]): Promise<Rejected[]> {
  const rejected: Rejected[] = [];
  let applied = 0;
  await deps.db.transaction(async (trx) => {
    for (const item of items) {
      try {
        if (await trx.transaction((sp) => applyOne(deps, sp, topic, item))) applied += 1;
      } catch (err) {
        if (!isPermanent(err)) throw err;
        rejected.push({ message: item.message, error: err });
      }
    }
  });
  deps.metrics.eventsConsumed.inc({ topic, outcome: 'applied' }, applied);
  deps.metrics.eventsConsumed.inc({ topic, outcome: 'duplicate' }, items.length - applied - rejected.length);
  return rejected;
}

/** Records one event in the inbox and applies it, unless the inbox already had it. */
async function applyOne(
  deps: ApplyDeps,
  trx: Knex.Transaction,
  topic: TopicName,
  item: Decoded,
): Promise<boolean> {
  const fresh = await recordInInbox(trx, [inboxRow(item)]);
  if (fresh.size === 0) return false;
  await runHandler(deps, trx, topic, [item]);
  return true;
}
