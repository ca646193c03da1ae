import type { Knex } from 'knex';
import type { EventCodec } from '../codec/event-codec';
import { topicKeyFields, type TopicEvents, type TopicName } from '../generated';
import { eventHeadersOf } from './event-headers';
import { outboxTraceContext } from './outbox-tracing';
import { insertOutboxRow } from './outbox-store';

/** How a service publishes an event: in the transaction of the business write it belongs to. */
export interface Outbox {
  /**
   * Validates and encodes the event, then inserts it in the caller's transaction: it is
   * published if and only if that transaction commits.
   *
   * @throws EventValidationError `EVENT_SCHEMA_MISMATCH` when the event does not match its schema.
   */
  enqueue<T extends TopicName>(trx: Knex.Transaction, topic: T, event: TopicEvents[T]): Promise<void>;
}

/**
 * Encodes at enqueue time, inside the business transaction: an event that does not match its
 * schema rolls the business write back instead of failing later in the relay.
 */
export function createOutbox(options: {
  codec: EventCodec;
  topicName: (topic: TopicName) => string;
  /** The producing service as a URI reference (`/order-service`): the records' CloudEvents `source`. */
  source: string;
}): Outbox {
  return {
    async enqueue(trx, topic, event) {
      const value = await options.codec.encode(topic, event);
      const key = String(event[topicKeyFields[topic] as keyof typeof event]);
      await insertOutboxRow(trx, {
        topic: options.topicName(topic),
        key,
        value,
        headers: eventHeadersOf({ topic, event, source: options.source }),
        event_id: event.event_id,
        ...outboxTraceContext(),
      });
    },
  };
}
