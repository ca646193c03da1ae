/**
 * A schema change on running services, end to end: what the compatibility gate promises. Both
 * services run as processes on the test's own topics, subjects, databases and groups while orders
 * keep flowing. A compatible new version of order_created (an optional field with a default) is
 * registered, and each service is replaced, one at a time, by a second build generated from it (a
 * copy of the repository, build-copy.ts): the producer first, then the consumer first. No order may
 * be lost or dead-lettered, and the new field must reach the consumer once both sides know it.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createKafkaTransport,
  createSchemaRegistry,
  registerContracts,
  type TopicName,
} from '@contract-events/runtime/tools';
import { randomSuffix, testStack } from '../support/stack-env';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { createTestTopics, type TestTopics } from '../support/test-topics';
import { createBuildCopy, type BuildCopy } from './support/build-copy';
import { startOrderFlow } from './support/order-flow';
import { jsonLine, startServiceProcessOn, type ServiceProcess } from './support/service-process';
import { eventually, http } from './support/system';

jest.setTimeout(600_000);

type Service = 'user-service' | 'order-service';
type Build = 'v1' | 'v2';

const repoRoot = path.resolve(__dirname, '../..');
const CHANNEL = 'api';
/** What the v2 user service prints for each order_created it applies (the patch below). */
const HANDLED = 'order_created handled';

const v1Schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas/order_created.avsc'), 'utf8')) as {
  fields: object[];
};
const v2Schema = {
  ...v1Schema,
  fields: [
    ...v1Schema.fields,
    {
      name: 'sales_channel',
      type: ['null', 'string'],
      default: null,
      doc: 'Where the order was placed; null for orders from before the field existed.',
    },
  ],
};

/** The statement the v2 user service runs for each order_created it applies, naming the event `name`. */
const printReceived = (name: string) =>
  `process.stdout.write(JSON.stringify({ msg: '${HANDLED}', order_id: ${name}.order_id, sales_channel: ${name}.sales_channel ?? null }) + '\\n')`;

let v2: BuildCopy;

beforeAll(() => {
  v2 = createBuildCopy({
    schemas: { 'order_created.avsc': v2Schema },
    patches: [
      // The next release of the order service fills the new field (its generated type requires it).
      {
        file: 'order-service/src/events/order-created.ts',
        after: '    currency: order.currency,\n',
        insert: `    sales_channel: '${CHANNEL}',\n`,
      },
      // The user service's next release would use the field; here it only shows what it received,
      // on both of its handler's paths (one event, and a batch's new events in one call).
      {
        file: 'user-service/src/events/on-order-created.ts',
        after: '  async (trx: Knex.Transaction, event: OrderCreated) => {\n',
        insert: `    ${printReceived('event')};\n`,
      },
      {
        file: 'user-service/src/events/on-order-created.ts',
        after: '    many: async (trx: Knex.Transaction, items: readonly { event: OrderCreated }[]) => {\n',
        insert: `      for (const { event } of items) ${printReceived('event')};\n`,
      },
    ],
  });
});

afterAll(() => v2?.remove());

/** One run of the system: its topics, databases and groups, and every process it started. */
interface Deployment {
  topics: TestTopics;
  databases: Record<Service, TestDatabase>;
  groups: Record<Service, string>;
  processes: ServiceProcess[];
}

let deployment: Deployment | undefined;

afterEach(async () => {
  const d = deployment;
  deployment = undefined;
  if (!d) return;
  for (const p of d.processes) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      const exited = p.exitCode();
      p.child.kill('SIGKILL');
      await exited;
    }
  }
  await Promise.all(Object.values(d.databases).map((db) => db.drop()));
  await d.topics.remove();
});

async function deploy(): Promise<Deployment> {
  const topics = await createTestTopics();
  const [users, orders] = await Promise.all([createTestDatabase([]), createTestDatabase([])]).catch(
    async (err: unknown) => {
      await topics.remove();
      throw err;
    },
  );
  const suffix = randomSuffix();
  deployment = {
    topics,
    databases: { 'user-service': users, 'order-service': orders },
    // One group per service for both builds, as a deployment keeps it across releases.
    groups: {
      'user-service': `user-service_live_${suffix}`,
      'order-service': `order-service_live_${suffix}`,
    },
    processes: [],
  };
  return deployment;
}

interface Instance {
  process: ServiceProcess;
  url: string;
}

/** Starts a build of a service and waits until it answers /ready. */
async function start(d: Deployment, service: Service, build: Build): Promise<Instance> {
  const proc = startServiceProcessOn(
    service,
    { topicNames: d.topics.names },
    { DATABASE_URL: d.databases[service].url, KAFKA_GROUP_ID: d.groups[service] },
    build === 'v2' ? { root: v2.root } : {},
  );
  d.processes.push(proc);
  // A build that cannot start says why at once, instead of a poll timing out minutes later.
  const alive = () => {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      const tail = proc.lines.slice(-20).join('\n');
      throw new Error(`${service} (${build}) exited (${proc.child.exitCode}) before it was ready:\n${tail}`);
    }
  };
  const url = await eventually(async () => {
    alive();
    return proc.lines.map((l) => jsonLine(l)?.url).find((u): u is string => typeof u === 'string');
  }, 120_000);
  await eventually(async () => {
    alive();
    return (await http('GET', `${url}/ready`).catch(() => undefined))?.status === 200;
  }, 120_000);
  return { process: proc, url };
}

/** SIGTERM, as a deployment stops an instance; resolves with its exit code. */
async function terminate(instance: Instance): Promise<number | null> {
  const exited = instance.process.exitCode();
  instance.process.child.kill('SIGTERM');
  return exited;
}

/** Registers the v2 schemas on the deployment's subjects, as `npm run schemas:register` would after the merge. */
async function registerV2(d: Deployment): Promise<void> {
  const admin = await createKafkaTransport({ ...testStack.kafka, clientId: 'live-change' }).admin();
  try {
    await registerContracts({
      admin,
      registry: createSchemaRegistry({ url: testStack.registryUrl }),
      schemasDir: path.join(v2.root, 'schemas'),
      topicNameFor: (topic) => d.topics.names[topic as TopicName],
    });
  } finally {
    await admin.disconnect();
  }
}

/** The deployment's dead-letter topics the services created, and the messages they hold. */
async function deadLetters(d: Deployment): Promise<{ topics: number; messages: number }> {
  const admin = await createKafkaTransport({ ...testStack.kafka, clientId: 'live-change' }).admin();
  try {
    const existing = await admin.listTopics();
    const topics = Object.values(d.topics.names)
      .map((t) => `${t}.dlq`)
      .filter((t) => existing.includes(t));
    let messages = 0;
    for (const topic of topics) {
      const [starts, ends] = await Promise.all([admin.startOffsets(topic), admin.endOffsets(topic)]);
      for (const [partition, end] of ends) messages += Number(end) - Number(starts.get(partition) ?? end);
    }
    return { topics: topics.length, messages };
  } finally {
    await admin.disconnect();
  }
}

/** Committed writes of each service missing from the other's projection. */
async function missing(d: Deployment): Promise<{ users: string[]; orders: string[] }> {
  const users = d.databases['user-service'].db;
  const orders = d.databases['order-service'].db;
  const userIds: string[] = await users('users').pluck('id');
  const orderIds: string[] = await orders('orders').pluck('id');
  const projectedUsers = new Set<string>(await orders('users').pluck('user_id'));
  const projectedOrders = new Set<string>(await users('user_orders').pluck('order_id'));
  return {
    users: userIds.filter((id) => !projectedUsers.has(id)),
    orders: orderIds.filter((id) => !projectedOrders.has(id)),
  };
}

/** What the v2 user service printed per order it applied: order id → sales_channel. */
function channelsSeen(instance: Instance): Map<string, unknown> {
  const seen = new Map<string, unknown>();
  for (const line of instance.process.lines) {
    const json = jsonLine(line);
    if (json?.msg === HANDLED) seen.set(json.order_id as string, json.sales_channel);
  }
  return seen;
}

/**
 * Upgrades both services to v2, `first` then the other, under a steady flow of orders; each step waits
 * for orders taken in the phase it opens, so every pairing of builds handles traffic.
 */
async function upgradeUnderLoad(first: Service) {
  const d = await deploy();
  const live: Record<Service, Instance> = {
    'user-service': await start(d, 'user-service', 'v1'),
    'order-service': await start(d, 'order-service', 'v1'),
  };
  const builds: Record<Service, Build> = { 'user-service': 'v1', 'order-service': 'v1' };
  // The phase names the builds of producer (order service) and consumer (user service): v1 → v2 etc.
  const phaseOf = () => `${builds['order-service']} → ${builds['user-service']}`;
  let phase = phaseOf();
  const flow = startOrderFlow(
    { users: () => live['user-service'].url, orders: () => live['order-service'].url },
    () => phase,
  );
  const exitCodes: (number | null)[] = [];
  const phases = [phase];
  try {
    await flow.ordersIn(phase, 5);
    await registerV2(d);
    for (const service of [first, first === 'user-service' ? 'order-service' : 'user-service'] as const) {
      const old = live[service];
      live[service] = await start(d, service, 'v2');
      phase = 'rolling';
      exitCodes.push(await terminate(old));
      // Orders whose request starts from here on meet only the new instance of this service.
      builds[service] = 'v2';
      phase = phaseOf();
      phases.push(phase);
      await flow.ordersIn(phase, 5);
    }
  } finally {
    await flow.stop();
  }
  const lost = await eventually(async () => {
    const gap = await missing(d);
    return gap.users.length + gap.orders.length === 0 ? gap : undefined;
  }, 180_000).catch(() => missing(d));
  return { d, flow, phases, exitCodes, lost, newUserService: live['user-service'] };
}

test('producer first: v2 order service beside the v1 user service, then both v2; nothing lost, the field arrives', async () => {
  const { d, flow, phases, exitCodes, lost, newUserService } = await upgradeUnderLoad('order-service');
  expect(phases).toEqual(['v1 → v1', 'v2 → v1', 'v2 → v2']);
  expect(exitCodes).toEqual([0, 0]);
  expect(lost).toEqual({ users: [], orders: [] });
  // Each service made the dead-letter topic of what it consumes at start-up: both exist, both empty.
  expect(await deadLetters(d)).toEqual({ topics: 2, messages: 0 });
  // Made by the v2 order service and applied by the v2 user service: the field's value arrived.
  const both = flow.orders.filter((o) => o.phase === 'v2 → v2').map((o) => o.id);
  expect(both.length).toBeGreaterThanOrEqual(5);
  const seen = await eventually(async () => {
    const channels = channelsSeen(newUserService);
    return both.every((id) => channels.has(id)) ? channels : undefined;
  });
  expect(new Set(both.map((id) => seen.get(id)))).toEqual(new Set([CHANNEL]));
});

test('consumer first: v2 user service reading the v1 order service, then both v2; nothing lost, the field arrives', async () => {
  const { d, flow, phases, exitCodes, lost, newUserService } = await upgradeUnderLoad('user-service');
  expect(phases).toEqual(['v1 → v1', 'v1 → v2', 'v2 → v2']);
  expect(exitCodes).toEqual([0, 0]);
  expect(lost).toEqual({ users: [], orders: [] });
  // Each service made the dead-letter topic of what it consumes at start-up: both exist, both empty.
  expect(await deadLetters(d)).toEqual({ topics: 2, messages: 0 });
  const idsIn = (phase: string) => flow.orders.filter((o) => o.phase === phase).map((o) => o.id);
  const [oldProducer, both] = [idsIn('v1 → v2'), idsIn('v2 → v2')];
  expect(oldProducer.length).toBeGreaterThanOrEqual(5);
  expect(both.length).toBeGreaterThanOrEqual(5);
  const seen = await eventually(async () => {
    const channels = channelsSeen(newUserService);
    return [...oldProducer, ...both].every((id) => channels.has(id)) ? channels : undefined;
  });
  // Events of the v1 producer read with the v2 schema: the default; the v2 producer's: its value.
  expect(new Set(oldProducer.map((id) => seen.get(id)))).toEqual(new Set([null]));
  expect(new Set(both.map((id) => seen.get(id)))).toEqual(new Set([CHANNEL]));
});
