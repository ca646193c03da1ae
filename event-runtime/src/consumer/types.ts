import type { Knex } from 'knex';
import type { TopicEvents, TopicName } from '../generated';

/** Where an event came from; handlers log it and may store it. */
export interface EventMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

/** One event to apply and where it came from. */
export interface EventWithMeta<T extends TopicName> {
  event: TopicEvents[T];
  meta: EventMeta;
}

/**
 * Applies one event inside the consumer's transaction, which also records the event id in
 * the inbox: the effect happens once however often Kafka redelivers the message. Throw
 * {@link InvalidEventError} to dead-letter the event; any retriable error retries the batch.
 *
 * `many`, when given, applies several new events in one call (for instance one multi-row insert)
 * and must have the effect of the handler on each in the order given. The consumer uses it for a
 * batch's new events; when it throws a permanent error, the batch is applied again one event at a
 * time with the handler itself, so that only the refused event is dead-lettered.
 */
export type EventHandler<T extends TopicName> = ((
  trx: Knex.Transaction,
  event: TopicEvents[T],
  meta: EventMeta,
) => Promise<void>) & {
  many?: (trx: Knex.Transaction, items: readonly EventWithMeta<T>[]) => Promise<void>;
};

export type EventHandlers = { [T in TopicName]?: EventHandler<T> };
