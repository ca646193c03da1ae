/**
 * The system as production runs it, for fault scenarios: both services as their own processes (so a
 * fault can be a `kill -9`) on their own databases and consumer groups, with fixed ports so a restarted
 * instance is found where the old one was, on the real topics `npm start` uses.
 */
import net from 'node:net';
import { randomSuffix, testStack } from '../../support/stack-env';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { ensureRealContracts } from '../../support/test-topics';
import { startServiceProcess, type ServiceProcess } from '../../e2e/support/service-process';
import { eventually, http } from '../../e2e/support/system';

export type ServiceName = 'user-service' | 'order-service';

export interface FaultSystem {
  usersDb: TestDatabase;
  ordersDb: TestDatabase;
  /** Every service reaches its database and the registry through these, so a test can cut them. */
  proxies: { database: Record<ServiceName, TcpProxy>; registry: TcpProxy };
  url(service: ServiceName): string;
  /** Starts (or starts again) a service's process and waits until it answers /ready. */
  start(service: ServiceName): Promise<void>;
  /** `kill -9` of a service's process. */
  kill(service: ServiceName): Promise<void>;
  /**
   * Waits until every service is ready and its consumer in its group (/health all green); with
   * `caughtUp`, also until each consumer has read everything on its topics (broker-side lag 0).
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

export async function createFaultSystem(): Promise<FaultSystem> {
  await ensureRealContracts();
  const [usersDb, ordersDb] = await Promise.all([createTestDatabase([]), createTestDatabase([])]);
  const run = randomSuffix();
  const ports = { 'user-service': await freePort(), 'order-service': await freePort() };
  const databases = { 'user-service': usersDb, 'order-service': ordersDb };
  const processes: Partial<Record<ServiceName, ServiceProcess>> = {};
  const proxies = {
    database: {
      'user-service': await startTcpProxy(usersDb.url),
      'order-service': await startTcpProxy(ordersDb.url),
    },
    registry: await startTcpProxy(testStack.registryUrl),
  };
  const url = (service: ServiceName) => `http://127.0.0.1:${ports[service]}`;

  const health = async (service: ServiceName) => (await http('GET', `${url(service)}/health`)).body;
  // The real topics keep every earlier run's events: a consumer that starts from the beginning must have
  // read them all (broker-side lag 0 on every partition) before the load's users can reach it in time.
  const caughtUp = async (service: ServiceName) => {
    const text = await fetch(`${url(service)}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
    const lags = text.split('\n').filter((line) => line.startsWith('consumer_lag{'));
    return lags.length > 0 && lags.every((line) => line.endsWith(' 0'));
  };
  const kill = async (service: ServiceName) => {
    const child = processes[service]?.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  return {
    usersDb,
    ordersDb,
    proxies,
    url,
    async start(service) {
      processes[service] = startServiceProcess(service, {
        HTTP_PORT: String(ports[service]),
        DATABASE_URL: proxies.database[service].via(databases[service].url),
        SCHEMA_REGISTRY_URL: proxies.registry.via(testStack.registryUrl),
        // The same group across restarts, as a deployment keeps it.
        KAFKA_GROUP_ID: `${service}_faults_${run}`,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      });
      await eventually(
        async () => (await http('GET', `${url(service)}/ready`).catch(() => undefined))?.status === 200,
        60_000,
      );
    },
    kill,
    async settled({ caughtUp: andCaughtUp = false, timeoutMs = 90_000 } = {}) {
      await eventually(async () => {
        for (const service of ['user-service', 'order-service'] as const) {
          const body = await health(service).catch(() => undefined);
          if (body?.status !== 'ok' || (andCaughtUp && !(await caughtUp(service)))) return false;
        }
        return true;
      }, timeoutMs);
    },
    async stop() {
      await Promise.all((['user-service', 'order-service'] as const).map(kill));
      await Promise.all([proxies.registry, ...Object.values(proxies.database)].map((p) => p.close()));
      await Promise.all([usersDb.drop(), ordersDb.drop()]);
    },
  };
}
