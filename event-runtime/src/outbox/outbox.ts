import type { EventCodec } from '../codec/event-codec';
import { topicKeyFields, type TopicName } from '../generated';
import type { Outbox } from '../service/types';
import { insertOutboxRow } from './outbox-store';

/**
 * Encodes at enqueue time, inside the business transaction: an event that does not match its
 * schema rolls the business write back instead of failing later in the relay.
 */
export function createOutbox(options: {
  codec: EventCodec;
  topicName: (topic: TopicName) => string;
}): Outbox {
  return {
    async enqueue(trx, topic, event) {
      const value = await options.codec.encode(topic, event);
      const key = String(event[topicKeyFields[topic] as keyof typeof event]);
      await insertOutboxRow(trx, {
        topic: options.topicName(topic),
        key,
        value,
        headers: { event_id: event.event_id },
        event_id: event.event_id,
      });
    },
  };
}
