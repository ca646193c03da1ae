/**
 * The pipeline's peers, on the same broker and database in the same run: PostgreSQL alone taking the
 * same rows, Kafka's own perf tools, and the seeds' plain design (JSON, eachMessage, one INSERT and one
 * offset commit per message).
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import {
  CLUSTER_DEFAULT_REPLICATION,
  createKafkaTransport,
  migrateDatabase,
  runtimeMigrations,
} from '@contract-events/runtime/tools';
import type { StackConfig } from '@contract-events/stack';
import { userService } from '@contract-events/user-service';
import { consumerPerformance, endToEndLatency, producerPerformance } from '../lib/kafka-tools';
import { maxOf, percentile, perSecond } from '../lib/stats';
import { createThrowawayDatabase, randomSuffix, until } from '../lib/system';
import { orderCreatedEvent } from './pipeline-run';

/**
 * The rows our pipeline writes, straight into PostgreSQL in transactions of `batch` rows (one
 * multi-row INSERT per table), `writers` at a time on each side: outbox rows into one database,
 * inbox ids plus projection rows into another, both sides at once. Events per second over both.
 */
export async function postgresAlone(
  stack: StackConfig,
  events: number,
  batch: number,
  writers: number,
  value: Buffer,
): Promise<number> {
  const [outboxDb, projectionDb] = await Promise.all([
    createThrowawayDatabase(stack),
    createThrowawayDatabase(stack),
  ]);
  try {
    await migrateDatabase(outboxDb.db, runtimeMigrations);
    await migrateDatabase(projectionDb.db, [...runtimeMigrations, ...userService.migrations]);
    const userIds = Array.from({ length: 100 }, () => randomUUID());
    const side = async (write: (from: number, to: number) => Promise<void>) => {
      let next = 0;
      const writer = async () => {
        while (next < events) {
          const from = next;
          next = Math.min(events, next + batch);
          await write(from, next);
        }
      };
      await Promise.all(Array.from({ length: writers }, writer));
    };
    const start = Date.now();
    await Promise.all([
      side((from, to) =>
        outboxDb.db.transaction(async (trx) => {
          const rows = Array.from({ length: to - from }, (_, k) => {
            const e = orderCreatedEvent(userIds, from + k);
            return {
              topic: 'order_created',
              key: e.order_id,
              value,
              headers: { event_id: e.event_id },
              event_id: e.event_id,
            };
          });
          await trx('outbox').insert(rows);
        }),
      ),
      side((from, to) =>
        projectionDb.db.transaction(async (trx) => {
          const list = Array.from({ length: to - from }, (_, k) => orderCreatedEvent(userIds, from + k));
          await trx('inbox').insert(
            list.map((e, k) => ({
              event_id: e.event_id,
              topic: 'order_created',
              partition: 0,
              offset: from + k,
            })),
          );
          await trx('user_orders').insert(
            list.map((e) => ({
              order_id: e.order_id,
              user_id: e.user_id,
              amount: e.amount,
              currency: e.currency,
              created_at: e.occurred_at,
              event_id: e.event_id,
            })),
          );
        }),
      ),
    ]);
    return perSecond(events, Date.now() - start);
  } finally {
    await Promise.all([outboxDb.drop(), projectionDb.drop()]);
  }
}

export interface KafkaLimit {
  producerPerSec: number;
  producerP50Ms: number;
  producerP99Ms: number;
  consumerPerSec: number;
  e2eP50Ms: number;
  e2eP99Ms: number;
}

/** Kafka's own tools on fresh topics of the same partitions: producer, then consumer, then end-to-end latency. */
export async function kafkaTools(
  stack: StackConfig,
  records: number,
  recordSize: number,
  latencyMessages: number,
): Promise<KafkaLimit> {
  const suffix = randomSuffix();
  const perfTopic = `bench_perf_${suffix}`;
  const latencyTopic = `bench_latency_${suffix}`;
  const admin = await createKafkaTransport({ ...stack.kafka, clientId: 'bench-kafka-tools' }).admin();
  try {
    await admin.ensureTopics([
      { topic: perfTopic, partitions: 3, replicationFactor: CLUSTER_DEFAULT_REPLICATION, config: {} },
      // EndToEndLatency reads one partition.
      { topic: latencyTopic, partitions: 1, replicationFactor: CLUSTER_DEFAULT_REPLICATION, config: {} },
    ]);
    const producer = await producerPerformance(stack, perfTopic, records, recordSize);
    const consumer = await consumerPerformance(stack, perfTopic, records);
    const e2e = await endToEndLatency(stack, latencyTopic, latencyMessages, recordSize);
    return {
      producerPerSec: producer.recordsPerSec,
      producerP50Ms: producer.p50Ms,
      producerP99Ms: producer.p99Ms,
      consumerPerSec: consumer.messagesPerSec,
      e2eP50Ms: e2e.p50Ms,
      e2eP99Ms: e2e.p99Ms,
    };
  } finally {
    await admin.deleteTopics([perfTopic, latencyTopic]).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * What a user would otherwise build (the seeds' design): JSON values sent in batches by a plain kafkajs
 * producer, a kafkajs consumer whose eachMessage does one INSERT and commits that one offset.
 */
export async function plainDesign(
  stack: StackConfig,
  events: number,
  batch: number,
): Promise<{ eventsPerSec: number; p50Ms: number; p99Ms: number }> {
  const topic = `bench_plain_${randomSuffix()}`;
  const kafka = new Kafka({
    clientId: 'bench-plain',
    brokers: stack.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const db = await createThrowawayDatabase(stack);
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `bench_plain_${randomSuffix()}` });
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await db.db.raw(`create table user_orders (
      order_id uuid primary key, user_id uuid not null, amount numeric(12,2) not null, currency text not null,
      created_at timestamptz not null, event_id uuid not null, sent_at timestamptz not null,
      received_at timestamptz not null default clock_timestamp())`);
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    let crash: unknown;
    consumer.on(consumer.events.CRASH, (event) => (crash = event.payload.error));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: t, partition, message }) => {
        const e = JSON.parse(message.value!.toString());
        await db.db.raw(
          `insert into user_orders (order_id, user_id, amount, currency, created_at, event_id, sent_at)
           values (?, ?, ?, ?, ?, ?, ?)`,
          [e.order_id, e.user_id, e.amount, e.currency, e.occurred_at, e.event_id, e.sent_at],
        );
        await consumer.commitOffsets([{ topic: t, partition, offset: String(Number(message.offset) + 1) }]);
      },
    });
    await joined;
    const userIds = Array.from({ length: 100 }, () => randomUUID());
    const start = Date.now();
    for (let from = 0; from < events; from += batch) {
      const sentAt = new Date();
      const messages = Array.from({ length: Math.min(batch, events - from) }, (_, k) => {
        const e = orderCreatedEvent(userIds, from + k);
        return { key: e.order_id, value: JSON.stringify({ ...e, sent_at: sentAt }) };
      });
      await producer.send({ topic, messages });
    }
    const count = async () =>
      Number((await db.db('user_orders').count<{ count: string }[]>('* as count'))[0]!.count);
    await until(
      'the plain design to store every event',
      async () => {
        if (crash) throw new Error(`the plain consumer crashed: ${String(crash)}`);
        return (await count()) >= events;
      },
      15 * 60_000,
    );
    const rows = await db
      .db('user_orders')
      .select<{ sent_at: Date; received_at: Date }[]>('sent_at', 'received_at');
    const latencies = rows.map((r) => r.received_at.getTime() - r.sent_at.getTime());
    const last = maxOf(rows.map((r) => r.received_at.getTime()));
    return {
      eventsPerSec: perSecond(events, last - start),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await db.drop();
  }
}
