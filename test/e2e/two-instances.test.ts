/**
 * Two instances of the order service on one database and one consumer group, as two replicas
 * would run: orders taken by either are published once each, and applied once downstream.
 */
import { readTopic } from '../../event-runtime/test/integration/runtime/runtime-harness';
import { createTestSystem, eventually, http, type TestSystem } from './support/system';

jest.setTimeout(120_000);

let system: TestSystem;
let users: string;
let orderInstances: string[];

beforeAll(async () => {
  system = await createTestSystem();
  users = (await system.startUserService()).url;
  orderInstances = [(await system.startOrderService()).url, (await system.startOrderService()).url];
});

afterAll(() => system?.stop());

test('orders through two order-service instances are published once each, and applied once', async () => {
  const user = await http('POST', `${users}/users`, {
    email: `twin-${Date.now()}@example.com`,
    name: 'Twin',
  });
  expect(user.status).toBe(201);
  const created = await Promise.all(
    Array.from({ length: 30 }, async (_, i) => {
      const res = await http(
        'POST',
        `${orderInstances[i % 2]}/orders`,
        { user_id: user.body.id, amount: `${i + 1}.00` },
        { prefer: 'wait=10' },
      );
      expect(res.status).toBe(201);
      return res.body.id as string;
    }),
  );

  const records = await readTopic(system.topics.names.order_created, 30);
  expect(records).toHaveLength(30);
  expect(new Set(records.map((r) => r.key))).toEqual(new Set(created));
  expect(new Set(records.map((r) => r.headers.event_id)).size).toBe(30);

  const listed = await eventually(async () => {
    const res = await http('GET', `${users}/users/${user.body.id}/orders`);
    return res.body.orders?.length === 30 ? res.body.orders : undefined;
  });
  expect(new Set(listed.map((o: { id: string }) => o.id))).toEqual(new Set(created));
});
