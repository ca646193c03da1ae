/**
 * Two instances of a service relaying the same outbox: every event is published exactly once,
 * and in order per key.
 */
import { randomUUID } from 'node:crypto';
import { claimOutboxBatch } from '../../../src/outbox/outbox-store';
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
  for (const row of await db.db('outbox_log').select('key', 'event_id').orderBy('id')) {
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

  // Between them the two relays published each row once. Which relay took which rows is
  // scheduling; that a relay skips rows the other holds is shown deterministically below.
  const produced = await Promise.all(
    [a, b].map(async (i) => (await i.metrics.eventsProduced.get()).values.reduce((s, v) => s + v.value, 0)),
  );
  expect(produced[0]! + produced[1]!).toBe(total);
});

test('a relay skips rows another relay holds, and holds back the later rows of that key', async () => {
  const ownTopics = await createTestTopics();
  const ownDb = await createDatabaseWithSeenUsers();
  let relay: ServiceRuntime | undefined;
  try {
    // An instance whose relay is stopped: its outbox still encodes (the schema ids are cached).
    const writer = await startRuntime(ownTopics, ownDb, 'writer', {});
    await writer.stop();
    const [heldKey, freeKey] = [randomUUID(), randomUUID()];
    const enqueue = (key: string) =>
      ownDb.db.transaction(async (trx) => {
        for (let i = 0; i < 3; i++)
          await writer.outbox.enqueue(trx, 'user_created', userCreated({ user_id: key }));
      });
    await enqueue(heldKey);
    await enqueue(freeKey);

    // Another relay's batch in flight: it holds the held key's oldest row.
    const otherRelay = await ownDb.db.transaction();
    try {
      const claimed = await claimOutboxBatch(otherRelay, 1);
      expect(claimed.map((r) => r.key)).toEqual([heldKey]);

      relay = await startRuntime(ownTopics, ownDb, 'relay', {});
      const whileHeld = await readTopic(ownTopics.names.user_created, 3);
      expect(whileHeld.map((r) => r.key)).toEqual([freeKey, freeKey, freeKey]);
    } finally {
      // The other relay gives up (crash, rollback): its rows become claimable again.
      await otherRelay.rollback();
    }

    const all = await readTopic(ownTopics.names.user_created, 6);
    const heldOrder = (await ownDb
      .db('outbox_log')
      .where({ key: heldKey })
      .orderBy('id')
      .pluck('event_id')) as string[];
    expect(all).toHaveLength(6);
    expect(all.filter((r) => r.key === heldKey).map((r) => r.headers.event_id)).toEqual(heldOrder);
  } finally {
    await relay?.stop();
    await ownDb.drop();
    await ownTopics.remove();
  }
});
