import {
  Kafka,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Consumer,
  type IHeaders,
  type Producer,
} from 'kafkajs';
import type { Logger } from 'pino';
import { wrapAdmin } from './kafkajs-admin';
import type {
  BatchConsumer,
  BatchProducer,
  ConsumeOptions,
  EventTransport,
  IncomingMessage,
  OutgoingMessage,
} from './types';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  /** Command-line tools want an unreachable broker reported fast, not after a minute of retries. */
  failFast?: boolean;
}

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

function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

/** The runtime's Kafka interface over kafkajs 2.2: idempotent acks=all producer, batch consumer, admin. */
export function createKafkaTransport(options: KafkaTransportOptions): EventTransport {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: KafkaLogLevel.WARN,
    logCreator: logCreator(options.logger),
    ...(options.failFast
      ? { connectionTimeout: 3000, retry: { initialRetryTime: 300, retries: 2 } }
      : { retry: { initialRetryTime: 200, retries: 5 } }),
  });

  return {
    async producer() {
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Java's murmur2 partitioning: a key lands on the same partition whichever client writes it.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return wrapProducer(producer);
    },
    consumer(consumeOptions) {
      return wrapConsumer(
        kafka.consumer({ groupId: consumeOptions.groupId, allowAutoTopicCreation: false }),
        consumeOptions,
      );
    },
    async admin() {
      const admin = kafka.admin();
      await admin.connect();
      return wrapAdmin(admin);
    },
  };
}

function wrapProducer(producer: Producer): BatchProducer {
  return {
    async send(messages) {
      if (messages.length === 0) return;
      const byTopic = new Map<string, Omit<OutgoingMessage, 'topic'>[]>();
      for (const m of messages) {
        const list = byTopic.get(m.topic) ?? [];
        list.push({ key: m.key, value: m.value, headers: m.headers });
        byTopic.set(m.topic, list);
      }
      // One request for all topics; kafkajs keeps the order of messages within a partition.
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
      });
    },
    disconnect: () => producer.disconnect(),
  };
}

function wrapConsumer(consumer: Consumer, options: ConsumeOptions): BatchConsumer {
  let joined = false;
  let running = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  consumer.on(consumer.events.CRASH, () => {
    joined = false;
  });
  consumer.on(consumer.events.STOP, () => {
    joined = false;
  });
  return {
    async start() {
      running = true;
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        eachBatch: async ({
          batch,
          heartbeat,
          resolveOffset,
          commitOffsetsIfNecessary,
          isRunning,
          isStale,
        }) => {
          const messages: IncomingMessage[] = batch.messages.map((m) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key,
            value: m.value,
            headers: headersOf(m.headers),
            timestamp: m.timestamp,
          }));
          await options.handleBatch(
            { topic: batch.topic, partition: batch.partition, messages, highWatermark: batch.highWatermark },
            {
              heartbeat,
              isRunning: () => running && isRunning() && !isStale(),
              markProcessed: (offset) => resolveOffset(offset),
            },
          );
          await commitOffsetsIfNecessary();
        },
      });
    },
    async stop() {
      running = false;
      await consumer.disconnect();
    },
    isJoined: () => joined,
  };
}
