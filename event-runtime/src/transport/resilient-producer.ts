import type { Logger } from 'pino';
import { kafkaCall } from './kafka-errors';
import { SEND_TIMEOUT_MS } from './transport-defaults';
import type { BatchProducer, OutgoingMessage } from './types';

/** One Kafka client's producer, as {@link createResilientProducer} drives it. */
export interface ProducerClient {
  /** Connects (or fetches metadata), so an unreachable broker or refused credentials fail here. */
  connect(): Promise<void>;
  /** Sends the messages as one acks=all request, keeping their order within a partition. */
  send(messages: OutgoingMessage[]): Promise<void>;
  /** `force`: the client is discarded after a failure, without waiting for what is in flight. */
  close(force: boolean): Promise<void>;
}

export interface ResilientProducerOptions {
  /** Where the brokers are, as errors name it (brokers, and protocol and user when secured). */
  target: string;
  logger?: Logger;
  /**
   * Longest a send may take before it counts as failed (the client's own retries included). Neither
   * client has an overall limit, and a relay waiting forever holds its outbox rows locked.
   */
  sendTimeoutMs?: number;
  /** The error a send that timed out fails with: shaped as the client's own timeout, so it maps to
   * the runtime's retriable KAFKA_UNAVAILABLE. */
  timeoutError: (message: string) => Error;
}

/**
 * A producer that is replaced after any failed send, so the next attempt starts from fresh
 * connections, metadata and (when idempotent) a new producer id, rather than a client's state from
 * before the failure: a producer whose sequence numbers went out of step with a broker that lost
 * its state is refused from then on (tulios/kafkajs#598). A batch the old one did write is then
 * written again: the outbox's at-least-once promise, which consumers' inboxes absorb. Both Kafka
 * clients use it (kafkajs-producer.ts, platformatic-producer.ts adapt theirs to {@link ProducerClient}).
 */
export function createResilientProducer(
  makeClient: () => ProducerClient,
  options: ResilientProducerOptions,
): BatchProducer & { connect(): Promise<void> } {
  const sendTimeoutMs = options.sendTimeoutMs ?? SEND_TIMEOUT_MS;
  const { target } = options;
  let current: ProducerClient | undefined;
  let connecting: Promise<ProducerClient> | undefined;

  async function connected(): Promise<ProducerClient> {
    if (current) return current;
    connecting ??= (async () => {
      const client = makeClient();
      try {
        await kafkaCall(`connect a producer to ${target}`, () => client.connect());
      } catch (err) {
        await client.close(true).catch(() => undefined);
        throw err;
      }
      current = client;
      return client;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  function discard(client: ProducerClient, reason: unknown): void {
    if (current !== client) return;
    current = undefined;
    options.logger?.warn({ err: reason }, 'Kafka producer replaced after a failed send');
    void client.close(true).catch(() => undefined);
  }

  async function sendWithin(client: ProducerClient, messages: OutgoingMessage[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const sending = client.send(messages);
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(options.timeoutError(`no answer from ${target} within ${sendTimeoutMs} ms`)),
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
      const client = await connected();
      try {
        await kafkaCall(`send ${messages.length} messages to ${target}`, () => sendWithin(client, messages));
      } catch (err) {
        discard(client, err);
        throw err;
      }
    },
    async disconnect() {
      const client = current ?? (await connecting?.catch(() => undefined));
      current = undefined;
      await client?.close(false);
    },
  };
}
