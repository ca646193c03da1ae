/**
 * Kafka stopped while users and orders are created: the services keep accepting writes (the
 * events wait in their outboxes), and once the broker is back every event is published and
 * applied, none lost, none applied twice. Needs the Kafka process this project's stack runs.
 */
import { kafkaProcess, loadStackConfig, startKafka, stopProcess } from '@contract-events/stack';
import { createTestSystem, eventually, http, type TestSystem } from './support/system';

jest.setTimeout(240_000);

const stack = loadStackConfig();
// With KAFKA_BROKERS pointing at a broker this project does not run, it cannot stop it.
const describeWithOwnKafka = stack.kafka.external ? describe.skip : describe;

describeWithOwnKafka('Kafka outage', () => {
  let system: TestSystem;
  let users: string;
  let orders: string;
  let consumed: (outcome: string) => Promise<{ users: number; orders: number }>;

  beforeAll(async () => {
    system = await createTestSystem();
    const [userService, orderService] = await Promise.all([
      system.startUserService(),
      system.startOrderService(),
    ]);
    [users, orders] = [userService.url, orderService.url];
    // How many events each service's consumer handled with this outcome (applied or duplicate).
    const count = async (runtime: typeof userService.service.runtime, outcome: string) =>
      (await runtime.metrics.eventsConsumed.get()).values
        .filter((v) => v.labels.outcome === outcome)
        .reduce((sum, v) => sum + v.value, 0);
    consumed = async (outcome) => ({
      users: await count(userService.service.runtime, outcome),
      orders: await count(orderService.service.runtime, outcome),
    });
  });

  afterAll(async () => {
    await startKafka(stack); // whatever happened, leave the stack as we found it
    await system?.stop();
  });

  const createUser = async (tag: string) => {
    const res = await http('POST', `${users}/users`, {
      email: `${tag}-${Date.now()}@example.com`,
      name: tag,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const count = async (db: TestSystem['usersDb'], table: string, where: Record<string, unknown> = {}) =>
    Number((await db.db(table).where(where).count({ n: '*' }))[0]?.n);
  const unpublished = (db: TestSystem['usersDb']) =>
    db
      .db('outbox')
      .count({ n: '*' })
      .then((r) => Number(r[0]?.n));

  test('nothing is lost and nothing is applied twice across a broker outage', async () => {
    const before = [await createUser('before-a'), await createUser('before-b')];
    for (const id of before) {
      await eventually(async () => (await count(system.ordersDb, 'users', { user_id: id })) === 1);
    }

    await stopProcess(kafkaProcess(stack));
    const during: string[] = [];
    for (let i = 0; i < 5; i++) during.push(await createUser(`during-${i}`));
    const ordersDuring: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await http('POST', `${orders}/orders`, { user_id: before[i % 2], amount: `${i + 1}.25` });
      expect(res.status).toBe(201);
      ordersDuring.push(res.body.id);
    }
    expect(await unpublished(system.usersDb)).toBe(5);
    expect(await unpublished(system.ordersDb)).toBe(10);

    await startKafka(stack);

    await eventually(
      async () => (await unpublished(system.usersDb)) === 0 && (await unpublished(system.ordersDb)) === 0,
      120_000,
    );
    for (const id of [...before, ...during]) {
      await eventually(async () => (await count(system.ordersDb, 'users', { user_id: id })) === 1, 120_000);
    }
    for (const id of ordersDuring) {
      await eventually(
        async () => (await count(system.usersDb, 'user_orders', { order_id: id })) === 1,
        120_000,
      );
    }
    // Exactly the events that were created, each applied once: handlers ran 7 and 10 times in
    // committed transactions; any redelivery shows up as a duplicate, never as a second apply.
    expect(await consumed('applied')).toEqual({ orders: 7, users: 10 });
    expect(await count(system.ordersDb, 'users')).toBe(7);
    expect(await count(system.ordersDb, 'inbox')).toBe(7);
    expect(await count(system.usersDb, 'user_orders')).toBe(10);
    expect(await count(system.usersDb, 'inbox')).toBe(10);
  });
});
