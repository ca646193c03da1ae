/**
 * The system as production runs it, for fault scenarios: both services as their own processes (so a
 * fault can be a `kill -9`) on their own databases and consumer groups, with fixed ports so a restarted
 * instance is found where the old one was, on the real topics `npm start` uses.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomSuffix, testStack } from '../../support/stack-env';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { ensureRealContracts } from '../../support/test-topics';
import { startServiceProcess, type ServiceProcess } from '../../e2e/support/service-process';
import { eventually, http } from '../../e2e/support/system';

export type ServiceName = 'user-service' | 'order-service';

/** Instance 0 is the one every scenario starts; scenarios with several instances add 1, 2, ... */
export type Instance = number;

export interface FaultSystem {
  usersDb: TestDatabase;
  ordersDb: TestDatabase;
  /** Every service reaches its database and the registry through these, so a test can cut them. */
  proxies: { database: Record<ServiceName, TcpProxy>; registry: TcpProxy };
  /** An instance's base URL; without one, each call names the next running instance (round robin). */
  url(service: ServiceName, instance?: Instance): string;
  /** Starts (or starts again) an instance's process and waits until it answers /ready. */
  start(service: ServiceName, instance?: Instance): Promise<void>;
  /** `kill -9` of an instance's process. */
  kill(service: ServiceName, instance?: Instance): Promise<void>;
  /** SIGTERM, as a deployment stops an instance: it finishes its batch and leaves its group. */
  terminate(service: ServiceName, instance?: Instance): Promise<void>;
  /** The partitions an instance's consumer owns per topic (its /health), empty while it is not in its group. */
  partitions(service: ServiceName, instance?: Instance): Promise<Record<string, number[]>>;
  /**
   * Waits until every running instance is ready and its consumer in its group (/health all green);
   * with `caughtUp`, also until each group has read everything on its topics (broker-side lag 0).
   */
  settled(options?: { caughtUp?: boolean; timeoutMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const SERVICES: ServiceName[] = ['user-service', 'order-service'];

export interface FaultSystemOptions {
  /** Another Kafka cluster than the stack's (the three-node scenario); its topics are created there. */
  kafkaBrokers?: string[];
  /** More settings for every service process. */
  env?: Record<string, string>;
}

export async function createFaultSystem(options: FaultSystemOptions = {}): Promise<FaultSystem> {
  await ensureRealContracts(options.kafkaBrokers);
  const [usersDb, ordersDb] = await Promise.all([createTestDatabase([]), createTestDatabase([])]);
  const run = randomSuffix();
  const databases = { 'user-service': usersDb, 'order-service': ordersDb };
  // Fixed per instance, so a restarted instance is found where the old one was.
  const ports = new Map<string, number>();
  const processes = new Map<string, ServiceProcess>();
  const id = (service: ServiceName, instance: Instance) => `${service}#${instance}`;
  const portOf = async (service: ServiceName, instance: Instance) => {
    const key = id(service, instance);
    if (!ports.has(key)) ports.set(key, await freePort());
    return ports.get(key)!;
  };
  const proxies = {
    database: {
      'user-service': await startTcpProxy(usersDb.url),
      'order-service': await startTcpProxy(ordersDb.url),
    },
    registry: await startTcpProxy(testStack.registryUrl),
  };
  const running = (service: ServiceName): Instance[] =>
    [...processes]
      .filter(
        ([key, p]) =>
          key.startsWith(`${service}#`) &&
          p.child.exitCode === null &&
          p.child.signalCode === null &&
          !p.child.killed,
      )
      .map(([key]) => Number(key.split('#')[1]));
  let turn = 0;
  const url = (service: ServiceName, instance?: Instance) => {
    const live = running(service);
    const chosen = instance ?? live[(turn += 1) % Math.max(live.length, 1)] ?? 0;
    return `http://127.0.0.1:${ports.get(id(service, chosen))}`;
  };

  const health = async (service: ServiceName, instance: Instance) =>
    (await http('GET', `${url(service, instance)}/health`)).body;
  // The real topics keep every earlier run's events: a consumer that starts from the beginning must have
  // read them all (broker-side lag 0 on every partition) before the load's users can reach it in time.
  const caughtUp = async (service: ServiceName, instance: Instance) => {
    const text = await fetch(`${url(service, instance)}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
    const lags = text.split('\n').filter((line) => line.startsWith('consumer_lag{'));
    return lags.length > 0 && lags.every((line) => line.endsWith(' 0'));
  };
  let logs = 0;
  // FAULT_LOG_DIR=<dir> keeps each process's output (set LOG_LEVEL through TEST_LOG_LEVEL) to read after a failure.
  const keepLog = (service: ServiceName, instance: Instance) => {
    const dir = process.env.FAULT_LOG_DIR;
    const lines = processes.get(id(service, instance))?.lines;
    if (!dir || !lines) return;
    fs.mkdirSync(dir, { recursive: true });
    const file = `${run}-${service}-${instance}-${(logs += 1)}.log`;
    fs.writeFileSync(path.join(dir, file), `${lines.join('\n')}\n`);
  };
  const signal = async (service: ServiceName, instance: Instance, sig: NodeJS.Signals) => {
    const child = processes.get(id(service, instance))?.child;
    // A process ended by a signal keeps exitCode null: waiting for its exit again would wait forever.
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(sig);
      await exited;
    }
    keepLog(service, instance);
  };

  return {
    usersDb,
    ordersDb,
    proxies,
    url,
    async start(service, instance = 0) {
      const port = await portOf(service, instance);
      processes.set(
        id(service, instance),
        startServiceProcess(service, {
          HTTP_PORT: String(port),
          DATABASE_URL: proxies.database[service].via(databases[service].url),
          SCHEMA_REGISTRY_URL: proxies.registry.via(testStack.registryUrl),
          // The same group across restarts and instances, as a deployment keeps it.
          KAFKA_GROUP_ID: `${service}_faults_${run}`,
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
          ...(options.kafkaBrokers ? { KAFKA_BROKERS: options.kafkaBrokers.join(',') } : {}),
          ...options.env,
        }),
      );
      await eventually(
        async () =>
          (await http('GET', `${url(service, instance)}/ready`).catch(() => undefined))?.status === 200,
        60_000,
      );
    },
    kill: (service, instance = 0) => signal(service, instance, 'SIGKILL'),
    terminate: (service, instance = 0) => signal(service, instance, 'SIGTERM'),
    async partitions(service, instance = 0) {
      const body = await health(service, instance);
      return body?.checks?.consumer?.partitions ?? {};
    },
    async settled({ caughtUp: andCaughtUp = false, timeoutMs = 90_000 } = {}) {
      await eventually(async () => {
        for (const service of SERVICES) {
          for (const instance of running(service)) {
            const body = await health(service, instance).catch(() => undefined);
            if (body?.status !== 'ok') return false;
          }
          if (andCaughtUp && !(await caughtUp(service, running(service)[0] ?? 0))) return false;
        }
        return true;
      }, timeoutMs);
    },
    async stop() {
      await Promise.all(
        [...processes.keys()].map((key) => {
          const [service, instance] = key.split('#');
          return signal(service as ServiceName, Number(instance), 'SIGKILL');
        }),
      );
      await Promise.all([proxies.registry, ...Object.values(proxies.database)].map((p) => p.close()));
      await Promise.all([usersDb.drop(), ordersDb.drop()]);
    },
  };
}
