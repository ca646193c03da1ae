import type { Knex } from 'knex';
import type { TopicEvents, TopicName } from '../generated';

/** Where an event came from; handlers log it and may store it. */
export interface EventMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

/**
 * Applies one event inside the consumer's transaction, which also records the event id in
 * the inbox: the effect happens once however often Kafka redelivers the message. Throw
 * {@link InvalidEventError} to dead-letter the event; any retriable error retries the batch.
 */
export type EventHandler<T extends TopicName> = (
  trx: Knex.Transaction,
  event: TopicEvents[T],
  meta: EventMeta,
) => Promise<void>;

export type EventHandlers = { [T in TopicName]?: EventHandler<T> };
