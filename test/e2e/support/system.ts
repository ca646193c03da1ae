/**
 * Both services in this process on the real stack, each on its own database, with every
 * topic and consumer group random to the test file.
 */
import pino from 'pino';
import type { CommonServiceConfig, ServiceOverrides } from '@contract-events/runtime';
import { randomSuffix, testStack } from '../../support/stack-env';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { createTestTopics, type TestTopics } from '../../support/test-topics';
import { createOrderService, type OrderService } from '@contract-events/order-service';
import { createUserService, type UserService } from '@contract-events/user-service';

export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface RunningService<S> {
  service: S;
  url: string;
}

export interface TestSystem {
  topics: TestTopics;
  usersDb: TestDatabase;
  ordersDb: TestDatabase;
  groupSuffix: string;
  startUserService(): Promise<RunningService<UserService>>;
  startOrderService(): Promise<RunningService<OrderService>>;
  stop(): Promise<void>;
}

/** A service's settings for the test stack, on its own database and group. */
export function serviceConfig(db: TestDatabase, name: string, groupSuffix: string): CommonServiceConfig {
  return {
    http: { host: '127.0.0.1', port: 0 },
    databaseUrl: db.url,
    kafka: { ...testStack.kafka, clientId: name, groupId: `${name}_${groupSuffix}` },
    schemaRegistry: { url: testStack.registryUrl },
    logLevel: 'silent',
  };
}

/** `spanExporter` turns tracing on in both services, exporting each span to it as it ends. */
export async function createTestSystem(
  options: { spanExporter?: ServiceOverrides['spanExporter'] } = {},
): Promise<TestSystem> {
  const topics = await createTestTopics();
  // The services migrate their own databases at start, as in production.
  const [usersDb, ordersDb] = await Promise.all([createTestDatabase([]), createTestDatabase([])]);
  const groupSuffix = randomSuffix();
  const started: { stop(): Promise<void> }[] = [];
  const overrides = { topicNames: topics.names, logger: testLogger, spanExporter: options.spanExporter };
  return {
    topics,
    usersDb,
    ordersDb,
    groupSuffix,
    async startUserService() {
      const service = createUserService(serviceConfig(usersDb, 'user-service', groupSuffix), overrides);
      const { url } = await service.start();
      started.push(service);
      return { service, url };
    },
    async startOrderService() {
      const service = createOrderService(
        {
          ...serviceConfig(ordersDb, 'order-service', groupSuffix),
          defaultCurrency: 'EUR',
          projectionWaitMaxMs: 10_000,
        },
        overrides,
      );
      const { url } = await service.start();
      started.push(service);
      return { service, url };
    },
    async stop() {
      await Promise.all(started.map((s) => s.stop().catch(() => undefined)));
      // The services destroyed their own pools; the test databases' pools are separate.
      await Promise.all([usersDb.drop(), ordersDb.drop()]);
      await topics.remove();
    },
  };
}

export interface JsonResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function http(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export { waitUntil as eventually } from '../../support/wait';
