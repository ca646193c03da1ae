import { Admin, Consumer, Producer } from '@platformatic/kafka';
import { describeKafkaSecurity, PLAINTEXT_SECURITY } from '../config/kafka-security';
import { kafkaCall } from './kafka-errors';
import { murmur2OfKey } from './key-partitioner';
import type { KafkaTransportOptions } from './kafka-transport';
import { wrapPlatformaticAdmin } from './platformatic-admin';
import { createPlatformaticConsumer } from './platformatic-consumer';
import { PlatformaticSendTimeoutError, platformaticProducerClient } from './platformatic-producer';
import { createResilientProducer } from './resilient-producer';
import { platformaticSecurityOptions } from './platformatic-security';
import { CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_SESSION_TIMEOUT_MS } from './transport-defaults';
import type { EventTransport } from './types';

let keylessTurn = 0;

/**
 * The library's `compatibilityPartitioner` (Java's murmur2, made positive; the library takes it modulo
 * the partition count), computed without its BigInt arithmetic: key-partitioner.ts says why. A record
 * without a key (a dead letter keeps a null one) goes round robin, as kafkajs's default sends it, where
 * the library's partitioner would put every such record on partition 0.
 */
export const platformaticKeyPartitioner = (_message: unknown, key: Buffer | undefined): number => {
  if (key) return murmur2OfKey(key) & 0x7fffffff;
  keylessTurn = (keylessTurn + 1) & 0x7fffffff;
  return keylessTurn;
};

/**
 * The runtime's Kafka interface over @platformatic/kafka (KAFKA_CLIENT=platformatic): idempotent
 * acks=all producer, batch consumer, admin, with the same semantics and errors as the kafkajs one.
 *
 * Differences that remain, said here rather than hidden: the library logs nothing through our
 * logger (it reports through `debug` and diagnostics channels); a batch's `highWatermark` is a lower
 * bound (the offset after the batch: the library does not hand out the fetch's); and a batch that was
 * not fully processed is redelivered by rejoining the group (platformatic-consumer.ts).
 */
export function createPlatformaticTransport(options: KafkaTransportOptions): EventTransport {
  const security = options.security ?? PLAINTEXT_SECURITY;
  if (security.tls?.rejectUnauthorized === false) {
    options.logger?.warn(
      { brokers: options.brokers },
      "KAFKA_SSL_REJECT_UNAUTHORIZED=false: the broker's certificate is not checked (for testing only)",
    );
  }
  const where = `${options.brokers.join(',')} (${describeKafkaSecurity(security)})`;
  const base = {
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    ...platformaticSecurityOptions(security),
    autocreateTopics: false,
    ...(options.failFast
      ? { connectTimeout: 3000, timeout: 5000, retries: 2, retryDelay: 300 }
      : { retries: 5, retryDelay: 300 }),
  };

  return {
    async producer() {
      const producer = createResilientProducer(
        () =>
          platformaticProducerClient(
            new Producer({
              ...base,
              idempotent: true,
              acks: -1,
              // Java's (and kafkajs's) murmur2 partitioning: a key lands on the same partition whichever client writes it.
              partitioner: platformaticKeyPartitioner,
            }),
          ),
        {
          target: where,
          ...(options.logger ? { logger: options.logger } : {}),
          timeoutError: (message) => new PlatformaticSendTimeoutError(message),
        },
      );
      await producer.connect();
      return producer;
    },
    consumer(consumeOptions) {
      const consumer = createPlatformaticConsumer(
        () =>
          new Consumer({
            ...base,
            groupId: consumeOptions.groupId,
            sessionTimeout: CONSUMER_SESSION_TIMEOUT_MS,
            heartbeatInterval: CONSUMER_HEARTBEAT_INTERVAL_MS,
            autocommit: false,
          }),
        consumeOptions,
        { target: where, ...(options.logger ? { logger: options.logger } : {}) },
      );
      return {
        ...consumer,
        start: () =>
          kafkaCall(
            `join group ${consumeOptions.groupId} on ${consumeOptions.topics.join(',')} at ${where}`,
            () => consumer.start(),
          ),
      };
    },
    async admin() {
      const admin = new Admin(base);
      try {
        // The library connects on first use: a metadata round trip is kafkajs's connect().
        await kafkaCall(`connect to ${where}`, async () => {
          await admin.metadata({ topics: [] });
        });
      } catch (err) {
        await admin.close().catch(() => undefined);
        throw err;
      }
      return wrapPlatformaticAdmin(admin);
    },
  };
}
