/**
 * A service started before its dependencies: it listens at once (/health 200), answers /ready and
 * its routes 503 saying what it waits for, and becomes ready by itself once the dependency is there,
 * without a restart. As its own process, the way an orchestrator starts it, except for topics that do
 * not exist yet (the process uses the real topic names, which other tests need).
 */
import { kafkaProcess, loadStackConfig, startKafka, stopProcess } from '@contract-events/stack';
import { createUserService } from '@contract-events/user-service';
import { randomSuffix, testStack } from '../support/stack-env';
import { startTcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ensureRealContracts, planTestTopics } from '../support/test-topics';
import { jsonLine, startUserServiceProcess } from './support/service-process';
import { eventually, http, serviceConfig, testLogger } from './support/system';

jest.setTimeout(180_000);

const stack = loadStackConfig();
let db: TestDatabase;

beforeAll(async () => {
  await ensureRealContracts();
  db = await createTestDatabase([]);
});

afterAll(() => db?.drop());

const newUser = () => ({ email: `early-${randomSuffix()}@example.com`, name: 'Early' });

/** /health answers, /ready is 503 naming the dependency, and a write is refused with not_ready. */
async function expectWaitingFor(url: string, dependency: string): Promise<void> {
  expect((await http('GET', `${url}/health`)).status).toBe(200);
  const ready = await eventually(async () => {
    const res = await http('GET', `${url}/ready`);
    return res.status === 503 && String(res.body.checks?.startup?.error).includes(dependency)
      ? res
      : undefined;
  });
  expect(ready.body.ready).toBe(false);
  const write = await http('POST', `${url}/users`, newUser());
  expect(write.status).toBe(503);
  expect(write.body.error.code).toBe('not_ready');
}

async function expectServing(url: string): Promise<void> {
  await eventually(async () => (await http('GET', `${url}/ready`)).status === 200, 90_000);
  expect((await http('POST', `${url}/users`, newUser())).status).toBe(201);
}

test.each([
  ['PostgreSQL', 'DATABASE_URL', () => db.url],
  ['the schema registry', 'SCHEMA_REGISTRY_URL', () => testStack.registryUrl],
])('%s unreachable at start: the service waits for it, then serves', async (dependency, variable, target) => {
  const proxy = await startTcpProxy(target(), { blocked: true });
  const service = startUserServiceProcess({ DATABASE_URL: db.url, [variable]: proxy.via(target()) });
  try {
    const url = await service.url();
    await expectWaitingFor(url, dependency);
    await proxy.unblock();
    await expectServing(url);
    // Each attempt was logged once, naming what it waited for.
    expect(service.lines.some((line) => jsonLine(line)?.dependency === dependency)).toBe(true);
    expect(service.child.exitCode).toBeNull();
  } finally {
    service.child.kill('SIGKILL');
    await proxy.close();
  }
});

(stack.kafka.external ? test.skip : test)(
  'Kafka down at start: the service waits for it, then serves',
  async () => {
    await stopProcess(kafkaProcess(stack));
    const service = startUserServiceProcess({ DATABASE_URL: db.url });
    try {
      const url = await service.url();
      await expectWaitingFor(url, 'Kafka');
      await startKafka(stack);
      await expectServing(url);
      expect(service.child.exitCode).toBeNull();
    } finally {
      service.child.kill('SIGKILL');
      await startKafka(stack); // whatever happened, leave the stack as we found it
    }
  },
);

test('topics that do not exist yet: the consumer waits for them, then the service serves', async () => {
  const topics = planTestTopics();
  const usersDb = await createTestDatabase([]);
  const service = createUserService(serviceConfig(usersDb, 'user-service', randomSuffix()), {
    topicNames: topics.names,
    // The schemas are registered (under the real subjects); only the topics are missing.
    subjectNames: { user_created: 'user_created-value', order_created: 'order_created-value' },
    logger: testLogger,
  });
  try {
    const starting = service.start();
    const url = await eventually(async () => service.url());
    await expectWaitingFor(url, 'consumed topics');
    await topics.create();
    await starting;
    await expectServing(url);
    // And the consumer joined its group on the new topics (readiness reports it without waiting on it).
    await eventually(async () => (await http('GET', `${url}/ready`)).body.checks?.consumer?.ok === true);
  } finally {
    await service.stop();
    await usersDb.drop();
    await topics.remove();
  }
});
