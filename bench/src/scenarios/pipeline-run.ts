/**
 * Our pipeline, end to end: order_created events written through the runtime's outbox (batches of
 * transactions, several writers), relayed by an order-service process, consumed by a user-service
 * process into its `user_orders` projection. Events per second from the first write to the last
 * projection row, and the latency of each event from its transaction's commit to its projection row.
 */
import { randomUUID } from 'node:crypto';
import {
  createEventCodec,
  createOutbox,
  createSchemaRegistry,
  type TopicEvents,
} from '@contract-events/runtime/tools';
import type { StackConfig } from '@contract-events/stack';
import { cpuSeconds } from '../lib/cpu';
import { maxOf, percentile, perSecond } from '../lib/stats';
import {
  createBenchTopics,
  createThrowawayDatabase,
  healthy,
  kafkaPid,
  startService,
  subjectsOf,
  until,
  type ChildService,
} from '../lib/system';

export interface PipelineOptions {
  events: number;
  /** Events per writer transaction. */
  batch: number;
  /** Concurrent writer transactions. */
  writers: number;
  /** Both service processes' environment: the runtime's normal config path (e.g. its Kafka client). */
  serviceEnv: NodeJS.ProcessEnv;
  log(line: string): void;
}

export interface PipelineResult {
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** The writers alone: outbox rows committed per second. */
  writeRate: number;
  seconds: number;
  /** Average encoded value size, bytes (the peers' record size). */
  recordSize: number;
  /** Share of one core each process used during the run. */
  cpu: Record<string, number>;
}

export function orderCreatedEvent(userIds: readonly string[], i: number): TopicEvents['order_created'] {
  return {
    event_id: randomUUID(),
    occurred_at: new Date(),
    order_id: randomUUID(),
    user_id: userIds[i % userIds.length]!,
    amount: `${(i % 9000) + 1}.50`,
    currency: 'EUR',
  };
}

export async function runPipeline(stack: StackConfig, options: PipelineOptions): Promise<PipelineResult> {
  const { events, batch, writers, log } = options;
  const topics = await createBenchTopics(stack);
  const [ordersDb, usersDb] = await Promise.all([
    createThrowawayDatabase(stack),
    createThrowawayDatabase(stack),
  ]);
  const services: ChildService[] = [];
  try {
    const relay = await startService('order-service', topics, ordersDb.url, stack, options.serviceEnv);
    services.push(relay);
    const consumer = await startService('user-service', topics, usersDb.url, stack, options.serviceEnv);
    services.push(consumer);
    await Promise.all([healthy(relay), healthy(consumer)]);

    const codec = createEventCodec({
      registry: createSchemaRegistry({ url: stack.registry.url }),
      topics: ['order_created'],
      subjectFor: (t) => subjectsOf(topics)[t],
    });
    await codec.init();
    const outbox = createOutbox({
      codec,
      topicName: () => topics.names.order_created,
      source: '/bench',
    });
    const userIds = Array.from({ length: 100 }, () => randomUUID());
    const sample = await codec.encode('order_created', orderCreatedEvent(userIds, 0));

    const committedAt = new Map<string, number>();
    const cpuBefore = cpuOf(relay, consumer, stack);
    const start = Date.now();
    let next = 0;
    const writer = async () => {
      while (next < events) {
        const from = next;
        next = Math.min(events, next + batch);
        const batchEvents = Array.from({ length: next - from }, (_, k) =>
          orderCreatedEvent(userIds, from + k),
        );
        await ordersDb.db.transaction(async (trx) => {
          await outbox.enqueueMany(trx, 'order_created', batchEvents);
        });
        const at = Date.now();
        for (const e of batchEvents) committedAt.set(e.event_id, at);
      }
    };
    await Promise.all(Array.from({ length: writers }, writer));
    const written = Date.now();
    log(`  pipeline: ${events} events written in ${written - start} ms; waiting for the projection`);
    const count = async () =>
      Number((await usersDb.db('user_orders').count<{ count: string }[]>('* as count'))[0]!.count);
    await until('every event in the projection', async () => (await count()) >= events, 15 * 60_000);
    const cpuAfter = cpuOf(relay, consumer, stack);

    // received_at is now() of the consumer's transaction: its start, a little before its commit.
    const rows = await usersDb
      .db('user_orders')
      .select<{ event_id: string; received_at: Date }[]>('event_id', 'received_at');
    const latencies = rows.map((r) => r.received_at.getTime() - committedAt.get(r.event_id)!);
    const last = maxOf(rows.map((r) => r.received_at.getTime()));
    const seconds = (last - start) / 1000;
    const cpu: Record<string, number> = {};
    for (const name of Object.keys(cpuAfter)) cpu[name] = (cpuAfter[name]! - cpuBefore[name]!) / seconds;
    return {
      eventsPerSec: perSecond(events, last - start),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      writeRate: perSecond(events, written - start),
      seconds,
      recordSize: sample.length,
      cpu,
    };
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all([ordersDb.drop(), usersDb.drop(), topics.remove()]);
  }
}

function cpuOf(relay: ChildService, consumer: ChildService, stack: StackConfig): Record<string, number> {
  return {
    'writers (bench process)': cpuSeconds(process.pid),
    'relay (order-service)': cpuSeconds(relay.child.pid),
    'consumer (user-service)': cpuSeconds(consumer.child.pid),
    'Kafka broker': cpuSeconds(kafkaPid(stack)),
  };
}
