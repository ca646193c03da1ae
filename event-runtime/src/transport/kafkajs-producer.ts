import type { Producer } from 'kafkajs';
import type { ProducerClient } from './resilient-producer';
import type { OutgoingMessage } from './types';

/** A kafkajs producer as resilient-producer.ts drives it: one acks=all `sendBatch` per send. */
export function kafkajsProducerClient(producer: Producer): ProducerClient {
  return {
    connect: () => producer.connect(),
    async send(messages) {
      await producer.sendBatch({ acks: -1, topicMessages: byTopic(messages) });
    },
    close: () => producer.disconnect(),
  };
}

/** Shaped as a kafkajs timeout, so it maps to the runtime's retriable KAFKA_UNAVAILABLE. */
export class KafkajsSendTimeoutError extends Error {
  override name = 'KafkaJSTimeout';
}

/** One request for all topics; kafkajs keeps the order of messages within a partition. */
function byTopic(messages: OutgoingMessage[]) {
  const topics = new Map<string, Omit<OutgoingMessage, 'topic'>[]>();
  for (const m of messages) {
    const list = topics.get(m.topic) ?? [];
    list.push({ key: m.key, value: m.value, headers: m.headers });
    topics.set(m.topic, list);
  }
  return [...topics].map(([topic, msgs]) => ({ topic, messages: msgs }));
}
