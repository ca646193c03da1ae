/**
 * Two instances of a service relaying the same outbox: every event is published exactly once,
 * and in order per key.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceRuntime } from '../../../src/service/types';
import type { TestDatabase } from '../../../../test/support/test-database';
import { createTestTopics, type TestTopics } from '../../../../test/support/test-topics';
import { createDatabaseWithSeenUsers, readTopic, startRuntime, userCreated } from './runtime-harness';

jest.setTimeout(90_000);

let topics: TestTopics;
let db: TestDatabase;
let instances: ServiceRuntime[] = [];

beforeAll(async () => {
  topics = await createTestTopics();
  db = await createDatabaseWithSeenUsers();
});

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await db?.drop();
  await topics?.remove();
});

test('each event is published once, in order per key, with two relays on one outbox', async () => {
  instances = await Promise.all([
    startRuntime(topics, db, 'relay-a', {}),
    startRuntime(topics, db, 'relay-b', {}),
  ]);
  const [a, b] = instances as [ServiceRuntime, ServiceRuntime];
  const keys = Array.from({ length: 8 }, () => randomUUID());
  const transactions = 40;
  const perTransaction = 10;

  // Concurrent transactions that share keys, through both instances: each key's true order is
  // the order its transactions committed in, which the outbox ids follow per key. (Each
  // transaction enqueues its keys in sorted order: the per-key locks are then always taken in
  // one order, so concurrent multi-key transactions cannot deadlock.)
  await Promise.all(
    Array.from({ length: transactions }, (_, i) =>
      db.db.transaction(async (trx) => {
        const ofThisTransaction = Array.from(
          { length: perTransaction },
          (_, j) => keys[(i + j) % keys.length] as string,
        );
        for (const key of ofThisTransaction.sort()) {
          await (i % 2 === 0 ? a : b).outbox.enqueue(trx, 'user_created', userCreated({ user_id: key }));
        }
      }),
    ),
  );
  const expectedOrder = new Map<string, string[]>(keys.map((k) => [k, []]));
  for (const row of await db.db('outbox').select('key', 'event_id').orderBy('id')) {
    expectedOrder.get(row.key)?.push(row.event_id);
  }

  const total = transactions * perTransaction;
  const records = await readTopic(topics.names.user_created, total);
  const eventIds = records.map((r) => r.headers.event_id as string);
  expect(records).toHaveLength(total);
  expect(new Set(eventIds).size).toBe(total);

  const publishedOrder = new Map<string, string[]>();
  const sorted = [...records].sort(
    (x, y) => x.partition - y.partition || Number(BigInt(x.offset) - BigInt(y.offset)),
  );
  for (const r of sorted)
    publishedOrder.set(r.key, [...(publishedOrder.get(r.key) ?? []), r.headers.event_id as string]);
  for (const key of keys) expect(publishedOrder.get(key)).toEqual(expectedOrder.get(key));

  // Both instances did part of the work (claimed rows are skipped by the other, not waited on).
  const produced = await Promise.all(
    [a, b].map(async (i) => (await i.metrics.eventsProduced.get()).values.reduce((s, v) => s + v.value, 0)),
  );
  expect(produced[0]! + produced[1]!).toBe(total);
  expect(produced[0]).toBeGreaterThan(0);
  expect(produced[1]).toBeGreaterThan(0);
});
