import type { Producer } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { kafkaCall } from './kafka-errors';
import { SEND_TIMEOUT_MS } from './transport-defaults';
import type { BatchProducer, OutgoingMessage } from './types';

export interface PlatformaticProducerOptions {
  /** Where the brokers are, as errors name it (brokers, and protocol and user when secured). */
  target: string;
  logger?: Logger;
  /** Longest a send may take before it counts as failed (the library's own retries included). */
  sendTimeoutMs?: number;
}

/**
 * An idempotent @platformatic/kafka producer (acks=all), replaced after any failed send, as the
 * kafkajs one is (kafkajs-producer.ts): a producer whose sequence numbers went out of step with the
 * broker's after a failure would be refused from then on; a new one asks for a new producer id. A
 * batch the old one did write is written again: the outbox's at-least-once promise.
 *
 * The library connects lazily: `connect()` asks for the cluster's metadata, so an unreachable broker
 * or refused credentials fail here, as kafkajs's connect does.
 */
export function createPlatformaticProducer(
  makeProducer: () => Producer,
  options: PlatformaticProducerOptions,
): BatchProducer & { connect(): Promise<void> } {
  const sendTimeoutMs = options.sendTimeoutMs ?? SEND_TIMEOUT_MS;
  const { target } = options;
  let current: Producer | undefined;
  let connecting: Promise<Producer> | undefined;

  async function connected(): Promise<Producer> {
    if (current) return current;
    connecting ??= (async () => {
      const producer = makeProducer();
      try {
        await kafkaCall(`connect a producer to ${target}`, async () => {
          await producer.metadata({ topics: [] });
        });
      } catch (err) {
        await producer.close(true).catch(() => undefined);
        throw err;
      }
      current = producer;
      return producer;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  function discard(producer: Producer, reason: unknown): void {
    if (current !== producer) return;
    current = undefined;
    options.logger?.warn({ err: reason }, 'Kafka producer replaced after a failed send');
    void producer.close(true).catch(() => undefined);
  }

  async function sendWithin(producer: Producer, messages: OutgoingMessage[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    // One request for the whole batch: the library keeps the order of messages within a partition.
    const sending = producer.send({ messages: messages.map(toProduce) });
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SendTimeoutError(`no answer from ${target} within ${sendTimeoutMs} ms`)),
        sendTimeoutMs,
      );
    });
    // A send given up on may still settle later: nobody waits for it then.
    sending.catch(() => undefined);
    try {
      await Promise.race([sending, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async connect() {
      await connected();
    },
    async send(messages) {
      if (messages.length === 0) return;
      const producer = await connected();
      try {
        await kafkaCall(`send ${messages.length} messages to ${target}`, () =>
          sendWithin(producer, messages),
        );
      } catch (err) {
        discard(producer, err);
        throw err;
      }
    },
    async disconnect() {
      const producer = current ?? (await connecting?.catch(() => undefined));
      current = undefined;
      await producer?.close();
    },
  };
}

/** Shaped as the library's own timeout, so it maps to the runtime's retriable KAFKA_UNAVAILABLE. */
class SendTimeoutError extends Error {
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
