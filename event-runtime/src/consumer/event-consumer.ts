import type { Tracer } from '@opentelemetry/api';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventCodec } from '../codec/event-codec';
import type { TopicName } from '../generated';
import type { ServiceMetrics } from '../observability/metrics';
import type { BatchConsumer, BatchProducer, EventTransport, IncomingBatch } from '../transport/types';
import { applyBatch } from './apply-batch';
import { sendDeadLetters } from './dead-letter';
import { decodeBatch } from './decode-batch';
import { retryTransient } from './retry';
import type { EventHandlers } from './types';

/** What {@link createEventConsumer} consumes with, and where its effects and dead letters go. */
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
  /**
   * Topics whose cleanup policy compacts: there a null value is a tombstone (a deletion marker) and
   * is skipped. On any other topic a null value is a broken message and is dead-lettered.
   */
  compactedTopics: ReadonlySet<TopicName>;
  /** Each event's handler runs in a span whose parent is its record's trace context. */
  tracer: Tracer;
}

/**
 * How many partitions' batches are applied at once, each in its own transaction. One at a time, a
 * fetch that brings three partitions' records applies them one after another, each waiting for the
 * previous one's commits, so an event's latency adds up over the partitions. Each key keeps its
 * order: a key lives in one partition, whose batches still go one at a time. Three is the topics'
 * partition count (topics.json); the database pool (ten connections) keeps room for the HTTP side.
 */
const PARTITIONS_AT_ONCE = 3;

/**
 * At-least-once consumption with effects applied once: for each batch, the handlers' changes
 * and the events' ids (the inbox) commit in one transaction, and offsets are committed after.
 * Messages that can never be applied go to `<topic>.dlq`; transient failures are retried.
 * Each step has its home: decode-batch, apply-batch, dead-letter; this file runs them in order.
 */
export function createEventConsumer(options: EventConsumerOptions): BatchConsumer {
  const { codec, db, logger, metrics, handlers } = options;
  const logicalOf = new Map<string, TopicName>();
  for (const topic of Object.keys(handlers) as TopicName[]) logicalOf.set(options.topicName(topic), topic);

  async function processBatch(topic: TopicName, batch: IncomingBatch): Promise<void> {
    const { decoded, rejected: undecodable } = await decodeBatch(codec, topic, batch.messages, {
      tombstones: options.compactedTopics.has(topic),
    });
    const refused = await applyBatch({ db, handlers, metrics, tracer: options.tracer }, topic, decoded);
    await sendDeadLetters({ producer: options.dlqProducer, metrics, logger }, topic, [
      ...undecodable,
      ...refused,
    ]);
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

  return options.transport.consumer({
    groupId: options.groupId,
    topics: [...logicalOf.keys()],
    // Projections are rebuilt from the whole history of a topic the first time a group reads it.
    fromBeginning: true,
    partitionsAtOnce: PARTITIONS_AT_ONCE,
    async handleBatch(batch, ctx) {
      const topic = logicalOf.get(batch.topic);
      const last = batch.messages.at(-1);
      if (!topic || !last) return;
      await retryTransient(() => processBatch(topic, batch), {
        ...ctx,
        logger: logger.child({ topic: batch.topic, partition: batch.partition }),
        what: 'handling a batch',
      });
      // Committed after this returns. The consumer_lag gauge is the lag monitor's alone.
      ctx.markProcessed(last.offset);
    },
  });
}
