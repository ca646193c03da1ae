/**
 * The story from the design, end to end on the real stack: a user is created on the user
 * service, its event reaches the order service's projection, an order for it is accepted, and
 * the order's event reaches the user service's projection. Nobody calls anybody.
 */
import { Kafka, logLevel } from 'kafkajs';
import { testStack } from '../support/stack-env';
import { createTestSystem, eventually, http, type TestSystem } from './support/system';

jest.setTimeout(90_000);

let system: TestSystem;
let users: string;
let orders: string;

beforeAll(async () => {
  system = await createTestSystem();
  [users, orders] = await Promise.all([
    system.startUserService().then((s) => s.url),
    system.startOrderService().then((s) => s.url),
  ]);
});

afterAll(() => system?.stop());

async function createUser(email: string) {
  const res = await http('POST', `${users}/users`, { email, name: 'Ada Lovelace' });
  expect(res.status).toBe(201);
  return res.body as { id: string; email: string };
}

test('user created → order accepted → the user service lists the order', async () => {
  const user = await createUser('  Ada@Example.COM ');
  expect(user.email).toBe('ada@example.com');

  const order = await http(
    'POST',
    `${orders}/orders`,
    { user_id: user.id, amount: '12.50', currency: 'EUR' },
    { prefer: 'wait=10' },
  );
  expect(order.status).toBe(201);
  expect(order.body).toMatchObject({ user_id: user.id, amount: '12.50', currency: 'EUR' });

  const listed = await eventually(async () => {
    const res = await http('GET', `${users}/users/${user.id}/orders`);
    return res.status === 200 && res.body.orders?.length === 1 ? res.body.orders : undefined;
  });
  expect(listed[0]).toMatchObject({ id: order.body.id, user_id: user.id, amount: '12.50', currency: 'EUR' });
});

test('an order for a user the order service has never heard of → 422 unknown_user', async () => {
  const res = await http('POST', `${orders}/orders`, {
    user_id: '00000000-0000-4000-8000-000000000000',
    amount: 5,
  });
  expect(res.status).toBe(422);
  expect(res.body.error.code).toBe('unknown_user');
  expect(res.body.error.message).toMatch(/not known to the order service yet/);
});

test('a user created a moment ago becomes valid once its event lands', async () => {
  const user = await createUser(`late-${Date.now()}@example.com`);
  // Without the wait header the client may see 422 first; retrying succeeds once the event lands.
  const accepted = await eventually(async () => {
    const res = await http('POST', `${orders}/orders`, { user_id: user.id, amount: '1.00' });
    if (res.status === 422) return undefined;
    return res;
  });
  expect(accepted.status).toBe(201);
  expect(accepted.body.currency).toBe('EUR');
});

test('with the wait header, an order right after the user is accepted at once', async () => {
  const user = await createUser(`eager-${Date.now()}@example.com`);
  const res = await http(
    'POST',
    `${orders}/orders`,
    { user_id: user.id, amount: 3.5 },
    { prefer: 'wait=10' },
  );
  expect(res.status).toBe(201);
  expect(res.body.amount).toBe('3.50');
});

test('a poison message on order_created is dead-lettered and the next order still arrives', async () => {
  const kafka = new Kafka({ clientId: 'poison', brokers: testStack.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: system.topics.names.order_created,
    messages: [{ key: 'x', value: Buffer.from([1, 2, 3]) }],
  });
  await producer.disconnect();

  const user = await createUser(`after-poison-${Date.now()}@example.com`);
  const order = await http(
    'POST',
    `${orders}/orders`,
    { user_id: user.id, amount: '7.00' },
    { prefer: 'wait=10' },
  );
  expect(order.status).toBe(201);
  await eventually(async () => {
    const res = await http('GET', `${users}/users/${user.id}/orders`);
    return res.body.orders?.length === 1;
  });
  const metrics = await fetch(`${users}/metrics`).then((r) => r.text());
  expect(metrics).toMatch(/dead_letters_total\{[^}]*code="BAD_MAGIC_BYTE"[^}]*\} 1/);
});

test('every service reports ready and exposes its metrics', async () => {
  for (const url of [users, orders]) {
    const ready = await http('GET', `${url}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({
      database: { ok: true },
      kafka: { ok: true },
      registry: { ok: true },
    });
    const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
    expect(metrics).toContain('http_request_duration_seconds');
    expect(metrics).toContain('outbox_backlog');
  }
  // The broker-side lag of the user service's group on order_created, once it has caught up.
  const topic = system.topics.names.order_created;
  const caughtUp = await eventually(async () => {
    const text = await fetch(`${users}/metrics`).then((r) => r.text());
    const lines = text
      .split('\n')
      .filter((l) => l.startsWith('consumer_lag{') && l.includes(`topic="${topic}"`));
    return lines.length > 0 && lines.every((l) => l.endsWith(' 0')) ? lines : undefined;
  });
  expect(caughtUp.length).toBe(3); // one per partition
});
