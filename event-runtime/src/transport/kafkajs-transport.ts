import { Kafka, logLevel as KafkaLogLevel, Partitioners, type ICustomPartitioner } from 'kafkajs';
import type { Logger } from 'pino';
import { describeKafkaSecurity, PLAINTEXT_SECURITY } from '../config/kafka-security';
import { kafkaCall } from './kafka-errors';
import { partitionOfKey } from './key-partitioner';
import { wrapAdmin } from './kafkajs-admin';
import { createResilientConsumer } from './kafkajs-consumer';
import { KafkajsSendTimeoutError, kafkajsProducerClient } from './kafkajs-producer';
import { createResilientProducer } from './resilient-producer';
import { kafkajsSecurityOptions } from './kafkajs-security';
import type { KafkaTransportOptions } from './kafka-transport';
import { CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_SESSION_TIMEOUT_MS } from './transport-defaults';
import type { EventTransport } from './types';

/** kafkajs's log lines go through the service's pino logger, at warn and above. */
function logCreator(logger: Logger | undefined) {
  return () =>
    ({ level, log }: { level: number; log: { message: string } & Record<string, unknown> }) => {
      if (!logger) return;
      const { message, ...extra } = log;
      if (level === KafkaLogLevel.ERROR) logger.error({ kafka: extra }, message);
      else if (level === KafkaLogLevel.WARN) logger.warn({ kafka: extra }, message);
    };
}

/**
 * Java's key partitioning (key-partitioner.ts: kafkajs's default computes the same, allocating); a
 * record without a key, or with a partition of its own, goes where kafkajs's default sends it.
 */
export const kafkajsKeyPartitioner: ICustomPartitioner = () => {
  const otherwise = Partitioners.DefaultPartitioner();
  return (args) => {
    const { key, partition } = args.message;
    if (key === null || key === undefined || (partition !== null && partition !== undefined))
      return otherwise(args);
    return partitionOfKey(key, args.partitionMetadata.length);
  };
};

/** The runtime's Kafka interface over kafkajs 2.2: acks=all producer, batch consumer, admin. */
export function createKafkajsTransport(options: KafkaTransportOptions): EventTransport {
  const security = options.security ?? PLAINTEXT_SECURITY;
  if (security.tls?.rejectUnauthorized === false) {
    options.logger?.warn(
      { brokers: options.brokers },
      "KAFKA_SSL_REJECT_UNAUTHORIZED=false: the broker's certificate is not checked (for testing only)",
    );
  }
  // Named in every connect failure, so a refused login says which user and mechanism were tried.
  const where = `${options.brokers.join(',')} (${describeKafkaSecurity(security)})`;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...kafkajsSecurityOptions(security),
    logLevel: KafkaLogLevel.WARN,
    logCreator: logCreator(options.logger),
    ...(options.failFast
      ? { connectionTimeout: 3000, retry: { initialRetryTime: 300, retries: 2 } }
      : { retry: { initialRetryTime: 200, retries: 5 } }),
  });

  return {
    async producer() {
      const producer = createResilientProducer(
        () =>
          kafkajsProducerClient(
            kafka.producer({
              // One attempt per send, so no idempotence (kafkajs requires retries for it). kafkajs's
              // own retry of a send that spans several brokers keeps the answers of the brokers that
              // succeeded; when a failed broker's partitions have moved to one of those, the retry sends
              // them nowhere and the send resolves as if they were written (the response map in
              // kafkajs 2.2.4 src/producer/sendMessages.js; tulios/kafkajs#1798). The outbox relay
              // retries the whole batch instead: a batch written twice is absorbed by the consumers'
              // inboxes, and one request in flight keeps each partition in order.
              idempotent: false,
              retry: { retries: 0 },
              maxInFlightRequests: 1,
              allowAutoTopicCreation: false,
              // Java's murmur2 partitioning: a key lands on the same partition whichever client writes it.
              createPartitioner: kafkajsKeyPartitioner,
            }),
          ),
        {
          target: where,
          logger: options.logger,
          timeoutError: (message) => new KafkajsSendTimeoutError(message),
        },
      );
      await producer.connect();
      return producer;
    },
    consumer(consumeOptions) {
      const makeConsumer = () =>
        kafka.consumer({
          groupId: consumeOptions.groupId,
          allowAutoTopicCreation: false,
          // A member that died without leaving (kill -9, a lost host) keeps its partitions until its
          // session expires; kafkajs's 30 s default is how long a restarted instance would wait for them.
          sessionTimeout: CONSUMER_SESSION_TIMEOUT_MS,
          heartbeatInterval: CONSUMER_HEARTBEAT_INTERVAL_MS,
        });
      const consumer = createResilientConsumer(makeConsumer, consumeOptions, options.logger);
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
      const admin = kafka.admin();
      await kafkaCall(`connect to ${where}`, () => admin.connect());
      return wrapAdmin(admin);
    },
  };
}
