import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventCodec } from '../codec/event-codec';
import type { EventSystemError } from '../errors';
import type { TopicName } from '../generated';
import type { ServiceMetrics } from '../observability/metrics';
import type {
  BatchConsumer,
  BatchProducer,
  EventTransport,
  IncomingBatch,
  IncomingMessage,
} from '../transport/types';
import { deadLetterOf } from './dead-letter';
import { asPermanentDataError, isPermanent } from './invalid-event';
import { retryTransient } from './retry';
import type { EventHandler, EventHandlers } from './types';

export interface EventConsumerOptions {
  transport: EventTransport;
  codec: EventCodec;
  db: Knex;
  logger: Logger;
  metrics: ServiceMetrics;
  groupId: string;
  handlers: EventHandlers;
  topicName: (topic: TopicName) => string;
  dlqProducer: BatchProducer;
}

interface Decoded {
  message: IncomingMessage;
  event: { event_id: string };
}

interface Rejected {
  message: IncomingMessage;
  error: EventSystemError;
}

type AnyHandler = EventHandler<TopicName>;

/**
 * At-least-once consumption with effects applied once: for each batch, the handlers' changes
 * and the events' ids (the inbox) commit in one transaction, and offsets are committed after.
 * Messages that can never be applied go to `<topic>.dlq`; transient failures are retried.
 */
export function createEventConsumer(options: EventConsumerOptions): BatchConsumer {
  const { codec, db, logger, metrics, handlers } = options;
  const logicalOf = new Map<string, TopicName>();
  for (const topic of Object.keys(handlers) as TopicName[]) logicalOf.set(options.topicName(topic), topic);

  const inboxRow = ({ message, event }: Decoded) => ({
    event_id: event.event_id,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
  });

  async function runHandler(
    trx: Knex.Transaction,
    topic: TopicName,
    { message, event }: Decoded,
  ): Promise<void> {
    const handler = handlers[topic] as AnyHandler;
    try {
      await handler(trx, event as never, {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
      });
    } catch (err) {
      throw asPermanentDataError(err) ?? err;
    }
  }

  /** Records one event in the inbox and applies it, unless the inbox already had it. */
  async function applyOne(trx: Knex.Transaction, topic: TopicName, item: Decoded): Promise<boolean> {
    const inserted = await trx('inbox')
      .insert(inboxRow(item))
      .onConflict('event_id')
      .ignore()
      .returning('event_id');
    if (inserted.length === 0) return false;
    await runHandler(trx, topic, item);
    return true;
  }

  /**
   * Fast path: one transaction, one inbox insert for the whole batch (the ids that were new come
   * back), then the handlers of the new events in offset order. No savepoints.
   */
  async function applyBatch(topic: TopicName, items: Decoded[]): Promise<Rejected[]> {
    const applied = await db.transaction(async (trx) => {
      const unique = [...new Map(items.map((i) => [i.event.event_id, i])).values()];
      const inserted: { event_id: string }[] = await trx('inbox')
        .insert(unique.map(inboxRow))
        .onConflict('event_id')
        .ignore()
        .returning('event_id');
      const fresh = new Set(inserted.map((r) => r.event_id));
      let count = 0;
      for (const item of items) {
        // delete(): an id seen twice in one batch is applied at its first offset only.
        if (!fresh.delete(item.event.event_id)) continue;
        await runHandler(trx, topic, item);
        count += 1;
      }
      return count;
    });
    metrics.eventsConsumed.inc({ topic, outcome: 'applied' }, applied);
    metrics.eventsConsumed.inc({ topic, outcome: 'duplicate' }, items.length - applied);
    return [];
  }

  /** After a handler rejected an event: one savepoint per event, so only that event is set aside. */
  async function applyCarefully(topic: TopicName, items: Decoded[]): Promise<Rejected[]> {
    const rejected: Rejected[] = [];
    let applied = 0;
    await db.transaction(async (trx) => {
      for (const item of items) {
        try {
          if (await trx.transaction((sp) => applyOne(sp, topic, item))) applied += 1;
        } catch (err) {
          if (!isPermanent(err)) throw err;
          rejected.push({ message: item.message, error: err });
        }
      }
    });
    metrics.eventsConsumed.inc({ topic, outcome: 'applied' }, applied);
    metrics.eventsConsumed.inc({ topic, outcome: 'duplicate' }, items.length - applied - rejected.length);
    return rejected;
  }

  async function processBatch(topic: TopicName, batch: IncomingBatch): Promise<void> {
    const decoded: Decoded[] = [];
    const dead: Rejected[] = [];
    for (const message of batch.messages) {
      // A null value is a tombstone on a compacted topic: a deletion marker, not an event.
      if (message.value === null) continue;
      try {
        decoded.push({ message, event: (await codec.decode(topic, message.value)) as Decoded['event'] });
      } catch (err) {
        if (!isPermanent(err)) throw err;
        dead.push({ message, error: err });
      }
    }
    if (decoded.length > 0) {
      const rejected = await applyBatch(topic, decoded).catch((err: unknown) => {
        if (!isPermanent(err)) throw err;
        return applyCarefully(topic, decoded);
      });
      dead.push(...rejected);
    }
    if (dead.length > 0) await sendDeadLetters(topic, dead);
    logger.info(
      {
        topic: batch.topic,
        partition: batch.partition,
        count: batch.messages.length,
        event_ids: decoded.map((d) => d.event.event_id),
      },
      'batch consumed',
    );
  }

  async function sendDeadLetters(topic: TopicName, dead: Rejected[]): Promise<void> {
    // If this send fails the offsets stay uncommitted and the batch comes back.
    await options.dlqProducer.send(dead.map((d) => deadLetterOf(d.message, d.error)));
    for (const d of dead) {
      metrics.deadLetters.inc({ topic: d.message.topic, code: d.error.code });
      metrics.eventsConsumed.inc({ topic, outcome: 'dead_lettered' });
      logger.warn(
        {
          topic: d.message.topic,
          partition: d.message.partition,
          offset: d.message.offset,
          code: d.error.code,
          err: d.error,
        },
        'message dead-lettered',
      );
    }
  }

  return options.transport.consumer({
    groupId: options.groupId,
    topics: [...logicalOf.keys()],
    // Projections are rebuilt from the whole history of a topic the first time a group reads it.
    fromBeginning: true,
    async handleBatch(batch, ctx) {
      const topic = logicalOf.get(batch.topic);
      const last = batch.messages.at(-1);
      if (!topic || !last) return;
      await retryTransient(() => processBatch(topic, batch), {
        ...ctx,
        logger: logger.child({ topic: batch.topic, partition: batch.partition }),
        what: 'handling a batch',
      });
      ctx.markProcessed(last.offset);
      const lag = BigInt(batch.highWatermark) - 1n - BigInt(last.offset);
      metrics.consumerLag.set(
        { topic: batch.topic, partition: String(batch.partition) },
        Number(lag < 0n ? 0n : lag),
      );
    },
  });
}
