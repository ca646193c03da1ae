/**
 * Scenario 3, services: autocannon on POST /users and POST /orders of the two services as their own
 * processes while their relays and consumers run; propagation at half the highest sustainable rate, sent at
 * an even pace (pacedLoad); resident memory at rest, under load and after; a plain Fastify route on the
 * same database as the peer.
 */
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandCpuSeconds, cpuSeconds, partMs, startCpuSplit, type CpuSplit } from '../lib/cpu';
import { percentile, ratio, round } from '../lib/stats';
import { createKafkaTransport, readTopic } from '@contract-events/runtime/tools';
import {
  createBenchTopics,
  createThrowawayDatabase,
  healthy,
  kafkaPid,
  repoRoot,
  startChild,
  startService,
  stackOf,
  until,
  type ChildService,
} from '../lib/system';
import type { BenchRow, Scenario } from '../lib/types';
import { commitRates } from './commit-rate';
import { httpLoad, pacedLoad, roundTripProbe, sampleMax, type HttpLoad } from './services-load';

const CONNECTIONS = 16;

export const servicesScenario: Scenario = async (ctx) => {
  const stack = stackOf(ctx.env);
  const seconds = ctx.quick ? 5 : 20;
  const afterSeconds = ctx.quick ? 10 : 60;
  const rows: BenchRow[] = [];
  const row = (r: Omit<BenchRow, 'scenario'>) => rows.push({ scenario: 'services', ...r });
  const topics = await createBenchTopics(stack);
  const [usersDb, ordersDb] = await Promise.all([
    createThrowawayDatabase(stack),
    createThrowawayDatabase(stack),
  ]);
  const running: ChildService[] = [];
  try {
    const users = await startService('user-service', topics, usersDb.url, stack, ctx.env);
    running.push(users);
    const orders = await startService('order-service', topics, ordersDb.url, stack, ctx.env);
    running.push(orders);
    await Promise.all([healthy(users), healthy(orders)]);
    await sleep(ctx.quick ? 2000 : 5000);
    const rest = { users: users.rssMb(), orders: orders.rssMb() };

    // Users the order service knows, for the orders to name.
    const userIds: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${users.url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `bench-pool-${i}-${Date.now()}@example.com`, name: 'Bench Pool' }),
      });
      userIds.push(((await res.json()) as { id: string }).id);
    }
    await until(
      'the order service to know the users',
      async () =>
        Number((await ordersDb.db('users').count<{ c: string }[]>('* as c'))[0]!.c) >= userIds.length,
      60_000,
    );

    const peakUsers = sampleMax(() => users.rssMb());
    const peakOrders = sampleMax(() => orders.rssMb());
    // The CPU a process spent per answered request during a load (a service's relay and consumer included).
    const cpuPerRequest = (pid: number | undefined, before: number, load: HttpLoad) =>
      ((cpuSeconds(pid) - before) * 1000) / Math.max(1, load.ok);
    const report = (service: string, route: string, load: HttpLoad, cpuMs: number) => {
      const what = `POST ${route} (${CONNECTIONS} connections, ${seconds} s)`;
      const note = `${load.ok} answered 2xx, ${load.failed} not`;
      row({
        case: what,
        subject: 'contract-events',
        metric: 'throughput',
        value: load.requestsPerSec,
        unit: 'req/s',
        note: `${service}; ${note}`,
      });
      row({ case: what, subject: 'contract-events', metric: 'HTTP p50', value: load.p50Ms, unit: 'ms' });
      row({ case: what, subject: 'contract-events', metric: 'HTTP p99', value: load.p99Ms, unit: 'ms' });
      row({
        case: what,
        subject: 'contract-events',
        metric: 'CPU per request',
        value: cpuMs,
        unit: 'ms',
        note: `${service} process: HTTP, relay, consumer`,
      });
    };
    ctx.log(`services: POST /users, ${seconds} s`);
    const usersCpu = cpuSeconds(users.child.pid);
    const usersLoad = await httpLoad({ url: users.url, path: '/users', seconds, connections: CONNECTIONS });
    report('user-service', '/users', usersLoad, cpuPerRequest(users.child.pid, usersCpu, usersLoad));
    ctx.log(`services: POST /orders, ${seconds} s`);
    // Where the machine's CPU goes during a load, besides the service under test.
    const sharedParts = {
      PostgreSQL: () => commandCpuSeconds('postgres'),
      'Kafka broker': () => cpuSeconds(kafkaPid(stack)),
      'load generator': () => cpuSeconds(process.pid),
    };
    const ordersSplit = startCpuSplit({
      'order-service': () => cpuSeconds(orders.child.pid),
      'user-service': () => cpuSeconds(users.child.pid),
      ...sharedParts,
    });
    const ordersLoad = await httpLoad({
      url: orders.url,
      path: '/orders',
      seconds,
      connections: CONNECTIONS,
      userIds,
    });
    const ordersMachine = ordersSplit(ordersLoad.ok);
    const ordersCpuMs = partMs(ordersMachine, 'order-service');
    const ordersMachineMs = ordersMachine.totalMs;
    report('order-service', '/orders', ordersLoad, ordersCpuMs);

    // Propagation at half the highest sustainable rate: each order's created_at (set just before its
    // transaction) to its projection row's received_at in the user service (its consumer transaction's start).
    // The flat-out load leaves a backlog behind (relay and consumer are slower than HTTP here): the paced
    // orders must not queue behind it, so the projection catches up first, and how long it took is a figure.
    const caughtUpFrom = Date.now();
    const countOf = async (db: typeof ordersDb.db, table: string) =>
      Number((await db(table).count<{ c: string }[]>('* as c'))[0]!.c);
    const ordered = await countOf(ordersDb.db, 'orders');
    await until(
      'the projection to catch up with the orders',
      async () => (await countOf(usersDb.db, 'user_orders')) >= ordered,
      300_000,
    );
    row({
      case: `POST /orders (${CONNECTIONS} connections, ${seconds} s)`,
      subject: 'contract-events',
      metric: 'projection catch-up after it',
      value: (Date.now() - caughtUpFrom) / 1000,
      unit: 's',
      note: `${ordered} orders in all`,
    });
    const rate = Math.max(1, Math.floor(ordersLoad.requestsPerSec / 2));
    ctx.log(`services: POST /orders at ${rate} req/s for ${seconds} s, propagation`);
    const since = new Date();
    const probe = roundTripProbe(ordersDb.db);
    const paced = await pacedLoad({ url: orders.url, path: '/orders', seconds, rate, userIds });
    const roundTrips = await probe.stop();
    const underLoad = { users: peakUsers.stop(), orders: peakOrders.stop() };
    const created = Number(
      (await ordersDb.db('orders').where('created_at', '>=', since).count<{ c: string }[]>('* as c'))[0]!.c,
    );
    const projected = () =>
      usersDb
        .db('user_orders')
        .where('created_at', '>=', since)
        .select<ProjectedOrder[]>('created_at', 'received_at', 'event_id');
    await until(
      'every paced order in the projection',
      async () => (await projected()).length >= created,
      120_000,
    );
    const projectedRows = await projected();
    const delays = projectedRows.map((r) => r.received_at.getTime() - r.created_at.getTime());
    const what = `POST /orders at ${rate} req/s → user_orders`;
    const legs = await propagationLegs(stack, topics.names.order_created, since, projectedRows);
    for (const [leg, values] of Object.entries(legs)) {
      row({
        case: what,
        subject: 'contract-events',
        metric: `${leg} p50`,
        value: percentile(values, 50),
        unit: 'ms',
        note: `p99 ${percentile(values, 99)} ms; where the propagation time goes`,
      });
    }
    row({
      case: what,
      subject: 'contract-events',
      metric: 'propagation p50',
      value: percentile(delays, 50),
      unit: 'ms',
      note: `${delays.length} orders; target ≤ 10 ms`,
    });
    row({
      case: what,
      subject: 'contract-events',
      metric: 'propagation p99',
      value: percentile(delays, 99),
      unit: 'ms',
      note: 'target ≤ 30 ms',
    });
    row({
      case: what,
      subject: 'PostgreSQL round trip (select 1)',
      metric: 'p50',
      value: round(percentile(roundTrips, 50)),
      unit: 'ms',
      note: `p99 ${round(percentile(roundTrips, 99))} ms; ${roundTrips.length} probes from the bench process during the paced load: one hop of the several in a row a propagation takes`,
    });
    row({
      case: what,
      subject: 'contract-events',
      metric: 'HTTP p99',
      value: paced.p99Ms,
      unit: 'ms',
      note: `${paced.requestsPerSec.toFixed(0)} req/s answered`,
    });

    ctx.log(`services: resident memory ${afterSeconds} s after the load`);
    await sleep(afterSeconds * 1000);
    const after = { users: users.rssMb(), orders: orders.rssMb() };
    for (const [name, key] of [
      ['user-service', 'users'],
      ['order-service', 'orders'],
    ] as const) {
      const memo = 'resident memory (RSS)';
      row({
        case: `${name} ${memo}`,
        subject: 'contract-events',
        metric: 'at rest',
        value: rest[key],
        unit: 'MB',
      });
      row({
        case: `${name} ${memo}`,
        subject: 'contract-events',
        metric: 'under load (peak)',
        value: underLoad[key],
        unit: 'MB',
        note: 'target < 150 MB',
      });
      row({
        case: `${name} ${memo}`,
        subject: 'contract-events',
        metric: `${afterSeconds} s after`,
        value: after[key],
        unit: 'MB',
      });
    }
    await Promise.all(running.splice(0).map((s) => s.stop()));

    ctx.log(`services: the Fastify peer, POST /orders, ${seconds} s`);
    const peer = await startChild(path.join(repoRoot, 'bench/src/peers/fastify-orders.ts'), [], {
      DATABASE_URL: ordersDb.url,
    });
    running.push(peer);
    const peerSplit = startCpuSplit({ 'Fastify peer': () => cpuSeconds(peer.child.pid), ...sharedParts });
    const peerLoad = await httpLoad({
      url: peer.url,
      path: '/orders',
      seconds,
      connections: CONNECTIONS,
      userIds,
    });
    const peerMachine = peerSplit(peerLoad.ok);
    const peerCpuMs = partMs(peerMachine, 'Fastify peer');
    const peerMachineMs = peerMachine.totalMs;
    const peerWhat = `POST /orders (${CONNECTIONS} connections, ${seconds} s)`;
    row({
      case: peerWhat,
      subject: 'Fastify + pg (same rows)',
      metric: 'CPU per request',
      value: peerCpuMs,
      unit: 'ms',
      ratio: ratio(ordersCpuMs, peerCpuMs),
      note: 'ours / this',
    });
    const cores = os.cpus().length;
    row({
      case: peerWhat,
      subject: 'contract-events',
      metric: 'machine CPU per request',
      value: round(ordersMachineMs),
      unit: 'ms',
      note: `every process, in ms: ${splitText(ordersMachine)}; ${cores} cores: at most ${Math.round((cores * 1000) / ordersMachineMs)} req/s`,
    });
    row({
      case: peerWhat,
      subject: 'Fastify + pg (same rows)',
      metric: 'machine CPU per request',
      value: round(peerMachineMs),
      unit: 'ms',
      ratio: ratio(ordersMachineMs, peerMachineMs),
      note: `ours / this; in ms: ${splitText(peerMachine)}; no relay, no consumer, no Kafka at work; at most ${Math.round((cores * 1000) / peerMachineMs)} req/s`,
    });
    row({
      case: peerWhat,
      subject: 'Fastify + pg (same rows)',
      metric: 'throughput',
      value: peerLoad.requestsPerSec,
      unit: 'req/s',
      ratio: ratio(ordersLoad.requestsPerSec, peerLoad.requestsPerSec),
      note: `ours / this; target ≥ 0.75; ${peerLoad.ok} 2xx, ${peerLoad.failed} not`,
    });
    row({
      case: peerWhat,
      subject: 'Fastify + pg (same rows)',
      metric: 'HTTP p50',
      value: peerLoad.p50Ms,
      unit: 'ms',
      ratio: ratio(ordersLoad.p50Ms, peerLoad.p50Ms),
      note: 'ours / this',
    });
    row({
      case: peerWhat,
      subject: 'Fastify + pg (same rows)',
      metric: 'HTTP p99',
      value: peerLoad.p99Ms,
      unit: 'ms',
      ratio: ratio(ordersLoad.p99Ms, peerLoad.p99Ms),
      note: 'ours / this',
    });
    await Promise.all(running.splice(0).map((s) => s.stop()));

    const probeSeconds = ctx.quick ? 3 : 8;
    ctx.log(`services: one-row transactions, ${CONNECTIONS} connections, ${probeSeconds} s per kind`);
    const rates = await commitRates(stack, probeSeconds, CONNECTIONS, 129).catch((err: unknown) => {
      // A diagnostic: its failure must not lose the figures above.
      ctx.log(`services: the commit-rate probe failed: ${String(err)}`);
      return {} as Record<string, number>;
    });
    const plain = rates['plain insert'] ?? Number.NaN;
    for (const [kind, rate] of Object.entries(rates)) {
      row({
        case: `one-row transactions (${CONNECTIONS} connections)`,
        subject: `PostgreSQL alone: ${kind}`,
        metric: 'commits',
        value: rate,
        unit: 'tx/s',
        ratio: ratio(rate, plain),
        note: 'this / plain insert',
      });
    }
    return rows;
  } finally {
    await Promise.all(running.map((s) => s.stop()));
    await Promise.all([usersDb.drop(), ordersDb.drop(), topics.remove()]);
  }
};

interface ProjectedOrder {
  created_at: Date;
  received_at: Date;
  event_id: string;
}

/**
 * Each paced order's propagation split at its Kafka record's timestamp (set by the relay's producer as
 * it sends): the order's created_at (set before its statement) to the send covers the statement, the
 * relay's wake-up and its claim; the send to the projection's received_at (the consumer's transaction)
 * covers the produce, the fetch and the decode.
 */
async function propagationLegs(
  stack: ReturnType<typeof stackOf>,
  topic: string,
  since: Date,
  projected: readonly ProjectedOrder[],
): Promise<Record<string, number[]>> {
  const sentAt = new Map<string, number>();
  await readTopic(createKafkaTransport({ ...stack.kafka, clientId: 'bench-propagation' }), {
    topic,
    groupPrefix: 'bench-propagation',
    start: { kind: 'time', time: since },
    onMessage: async (m) => {
      const eventId = m.headers.event_id;
      if (eventId) sentAt.set(eventId, Number(m.timestamp));
    },
  });
  const legs: Record<string, number[]> = { 'order → Kafka record': [], 'Kafka record → projection': [] };
  for (const p of projected) {
    const sent = sentAt.get(p.event_id);
    if (sent === undefined) continue;
    legs['order → Kafka record']!.push(sent - p.created_at.getTime());
    legs['Kafka record → projection']!.push(p.received_at.getTime() - sent);
  }
  return legs;
}

/** A CPU split as a note: `order-service 0.29, PostgreSQL 0.2, ...`. */
function splitText(split: CpuSplit): string {
  return split.parts.map(([name, ms]) => `${name} ${round(ms)}`).join(', ');
}
