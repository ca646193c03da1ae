import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaCall } from './kafka-errors';
import type { BatchProducer, OutgoingMessage } from './types';

export interface ResilientProducerOptions {
  /** Where the brokers are, as errors name it (brokers, and protocol and user when secured). */
  target: string;
  logger?: Logger;
  /**
   * Longest a send may take before it counts as failed (kafkajs's own retries included). kafkajs
   * has no overall limit, and a relay waiting forever holds its outbox rows locked.
   */
  sendTimeoutMs?: number;
}

/**
 * A kafkajs producer that is replaced after any failed send, so the next attempt starts from fresh
 * connections and metadata rather than a client's state from before the failure. (While the producer
 * was idempotent this was what kept it alive: kafkajs keeps its producer id and sequence numbers after
 * a failure, and once a broker has lost that state every later send is refused, tulios/kafkajs#598.)
 * A batch the old one did write is then written again: the outbox's at-least-once promise, which
 * consumers' inboxes absorb.
 */
export function createResilientProducer(
  makeProducer: () => Producer,
  options: ResilientProducerOptions,
): BatchProducer & { connect(): Promise<void> } {
  const sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
  const { target } = options;
  let current: Producer | undefined;
  let connecting: Promise<Producer> | undefined;

  async function connected(): Promise<Producer> {
    if (current) return current;
    connecting ??= (async () => {
      const producer = makeProducer();
      try {
        await kafkaCall(`connect a producer to ${target}`, () => producer.connect());
      } catch (err) {
        await producer.disconnect().catch(() => undefined);
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
    void producer.disconnect().catch(() => undefined);
  }

  async function sendWithin(producer: Producer, messages: OutgoingMessage[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const sending = producer.sendBatch({ acks: -1, topicMessages: byTopic(messages) });
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
      await producer?.disconnect();
    },
  };
}

/** Shaped as a kafkajs timeout, so it maps to the runtime's retriable KAFKA_UNAVAILABLE. */
class SendTimeoutError extends Error {
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
