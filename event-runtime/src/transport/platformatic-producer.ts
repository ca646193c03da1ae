import type { Producer } from '@platformatic/kafka';
import type { ProducerClient } from './resilient-producer';
import type { OutgoingMessage } from './types';

/**
 * A @platformatic/kafka producer as resilient-producer.ts drives it. The library connects lazily:
 * `connect` asks for the cluster's metadata, so an unreachable broker or refused credentials fail
 * there, as kafkajs's connect does.
 */
export function platformaticProducerClient(producer: Producer): ProducerClient {
  return {
    async connect() {
      await producer.metadata({ topics: [] });
    },
    async send(messages) {
      // One request for the whole batch: the library keeps the order of messages within a partition.
      await producer.send({ messages: messages.map(toProduce) });
    },
    close: (force) => producer.close(force),
  };
}

/** Shaped as the library's own timeout, so it maps to the runtime's retriable KAFKA_UNAVAILABLE. */
export class PlatformaticSendTimeoutError extends Error {
  readonly code = 'PLT_KFK_TIMEOUT';
  override name = 'TimeoutError';
}

/**
 * A message as the library takes it: Buffers throughout (its default serializers pass them on). A
 * null key is left out (the library's "no key"); a string key is sent as its UTF-8 bytes, as kafkajs does.
 */
export function toProduce(m: OutgoingMessage) {
  const headers = new Map<Buffer, Buffer>();
  for (const [name, value] of Object.entries(m.headers ?? {}))
    headers.set(Buffer.from(name), Buffer.from(value));
  return {
    topic: m.topic,
    ...(m.key === null ? {} : { key: typeof m.key === 'string' ? Buffer.from(m.key) : m.key }),
    value: m.value,
    headers,
  };
}
