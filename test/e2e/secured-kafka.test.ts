/**
 * Both services and a CLI as their own processes against the stack broker's SASL_SSL listener,
 * configured only by environment variables, trusting the CA the stack generated: the user service
 * logs in with SASL/PLAIN, the order service with SASL/SCRAM-SHA-512, and an event goes each way.
 * A wrong password stops a service at startup with KAFKA_AUTH_FAILED, at once (no retries), and
 * no password is ever printed. Skipped only when the stack runs without that listener
 * (STACK_KAFKA_SASL_PORT=0, or a Kafka the stack did not start).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { SecuredListener } from '@contract-events/stack';
import { randomSuffix, testStack } from '../support/stack-env';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ensureRealContracts } from '../support/test-topics';
import { jsonLine, startServiceProcess, type ServiceProcess } from './support/service-process';
import { eventually, http } from './support/system';

jest.setTimeout(240_000);

type Mechanism = keyof SecuredListener['users'];

const secured = testStack.securedKafka;
const describeSecured = secured ? describe : describe.skip;

/** The variables a service or a CLI needs to use the listener as `mechanism`'s user. */
function securedEnv(
  listener: SecuredListener,
  mechanism: Mechanism,
  password?: string,
): Record<string, string> {
  const user = listener.users[mechanism];
  return {
    KAFKA_BROKERS: listener.brokers.join(','),
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: user.username,
    KAFKA_SASL_PASSWORD: password ?? user.password,
    KAFKA_SSL_CA_FILE: listener.caFile,
  };
}

/** Every password of the listener's users, and `extra`: none may appear in any output. */
function expectNoPassword(output: string, listener: SecuredListener, ...extra: string[]): void {
  for (const secret of [...Object.values(listener.users).map((u) => u.password), ...extra]) {
    expect(output.includes(secret)).toBe(false);
  }
}

/** Lines where start-up says it is waiting for Kafka and will retry. */
const kafkaRetries = (lines: string[]) => lines.filter((l) => jsonLine(l)?.dependency === 'Kafka');

function runCli(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, FORCE_COLOR: '0', SCHEMA_REGISTRY_URL: testStack.registryUrl, ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

describeSecured('services over SASL_SSL', () => {
  const listener = secured as SecuredListener;
  let usersDb: TestDatabase;
  let ordersDb: TestDatabase;
  const started: ServiceProcess[] = [];

  beforeAll(async () => {
    // The processes use the real topic names: the contracts must be in place, as `npm start` does.
    await ensureRealContracts();
    [usersDb, ordersDb] = await Promise.all([createTestDatabase([]), createTestDatabase([])]);
  });

  afterEach(() => {
    for (const s of started.splice(0)) s.child.kill('SIGKILL');
  });

  afterAll(async () => {
    await Promise.all([usersDb?.drop(), ordersDb?.drop()]);
  });

  function start(service: 'user-service' | 'order-service', env: Record<string, string>): ServiceProcess {
    const proc = startServiceProcess(service, env);
    started.push(proc);
    return proc;
  }

  test('user-service with SASL/PLAIN and order-service with SASL/SCRAM-SHA-512 exchange events both ways', async () => {
    const users = start('user-service', { DATABASE_URL: usersDb.url, ...securedEnv(listener, 'PLAIN') });
    const orders = start('order-service', {
      DATABASE_URL: ordersDb.url,
      PROJECTION_WAIT_MAX_MS: '10000',
      ...securedEnv(listener, 'SCRAM-SHA-512'),
    });
    const [usersUrl, ordersUrl] = await Promise.all([users.url(), orders.url()]);
    // Ready: each has connected its admin client and producer and joined its group over SASL_SSL.
    for (const url of [usersUrl, ordersUrl]) {
      await eventually(async () => (await http('GET', `${url}/ready`)).status === 200, 120_000);
    }

    const user = await http('POST', `${usersUrl}/users`, {
      email: `sasl-${randomSuffix()}@example.com`,
      name: 'Sasl',
    });
    expect(user.status).toBe(201);
    // user_created: published by the PLAIN user, consumed by the SCRAM user (the order service
    // knows the user once it has applied it; until then it answers 422 unknown_user).
    const order = await eventually(async () => {
      const res = await http(
        'POST',
        `${ordersUrl}/orders`,
        { user_id: user.body.id, amount: '12.50' },
        { prefer: 'wait=10' },
      );
      return res.status === 201 ? res.body : undefined;
    }, 180_000);
    // order_created: published by the SCRAM user, consumed by the PLAIN user.
    const listed = await eventually(async () => {
      const res = await http('GET', `${usersUrl}/users/${user.body.id}/orders`);
      return res.body.orders?.length === 1 ? res.body.orders : undefined;
    }, 180_000);
    expect(listed[0].id).toBe(order.id);
    for (const url of [usersUrl, ordersUrl]) {
      const health = await http('GET', `${url}/health`);
      expect(health.body.checks.kafka).toEqual({ ok: true });
    }

    users.child.kill('SIGTERM');
    orders.child.kill('SIGTERM');
    expect(await users.exitCode()).toBe(0);
    expect(await orders.exitCode()).toBe(0);
    expect(kafkaRetries([...users.lines, ...orders.lines])).toEqual([]);
    expectNoPassword([...users.lines, ...orders.lines].join('\n'), listener);
  });

  test.each(['PLAIN', 'SCRAM-SHA-512'] as const)(
    'a wrong %s password stops startup with KAFKA_AUTH_FAILED naming Kafka authentication, without retrying',
    async (mechanism) => {
      const wrong = `wrong-${randomSuffix()}`;
      const service = start('user-service', {
        DATABASE_URL: usersDb.url,
        ...securedEnv(listener, mechanism, wrong),
      });
      expect(await service.exitCode()).toBe(1);
      const fatal = service.lines.map(jsonLine).find((l) => l?.level === 60);
      expect(fatal).toBeDefined();
      const err = fatal?.err as { code?: string; retriable?: boolean } | undefined;
      expect(err?.code).toBe('KAFKA_AUTH_FAILED');
      expect(err?.retriable).toBe(false);
      expect(String(fatal?.msg)).toContain('Kafka authentication failed');
      expect(String(fatal?.msg)).toContain(`${mechanism} as "${listener.users[mechanism].username}"`);
      // The first refusal ends the start: not one "Kafka not available ...; retrying" line.
      expect(kafkaRetries(service.lines)).toEqual([]);
      expectNoPassword(service.lines.join('\n'), listener, wrong);
    },
  );

  test('the CLIs take the same settings: schemas:register over SCRAM-SHA-512, and refused with a wrong password', async () => {
    const script = 'event-runtime/src/cli/schemas-register.ts';
    const ok = await runCli(script, [], securedEnv(listener, 'SCRAM-SHA-512'));
    expect(ok.output).toContain(`(Kafka ${listener.brokers.join(',')}, registry`);
    expect(ok.status).toBe(0);
    expectNoPassword(ok.output, listener);

    const wrong = `wrong-${randomSuffix()}`;
    const refused = await runCli(script, [], securedEnv(listener, 'PLAIN', wrong));
    expect(refused.status).toBe(1);
    expect(refused.output).toContain(
      'schemas:register failed: KAFKA_AUTH_FAILED: Kafka authentication failed',
    );
    expectNoPassword(refused.output, listener, wrong);
  });
});
