/**
 * The batched paths against the real stack: `enqueueMany` (one statement for many events), the
 * relay woken in-process after a commit or by a writer's pg_notify, and a handler's `many`.
 */
import { randomUUID } from 'node:crypto';
import { createEventCodec } from '../../../src/codec/event-codec';
import { DLQ_HEADERS } from '../../../src/consumer/dead-letter';
import { InvalidEventError } from '../../../src/consumer/invalid-event';
import type { UserCreated } from '../../../src/generated';
import { createOutbox } from '../../../src/outbox/outbox';
import { createSchemaRegistry } from '../../../src/registry/schema-registry';
import type { ServiceRuntime } from '../../../src/service/types';
import { testStack } from '../../../../test/support/stack-env';
import type { TestDatabase } from '../../../../test/support/test-database';
import { createTestTopics, type TestTopics } from '../../../../test/support/test-topics';
import {
  createDatabaseWithSeenUsers,
  readTopic,
  recordSeenUser,
  startRuntime,
  userCreated,
  waitUntil,
} from './runtime-harness';

jest.setTimeout(90_000);

let topics: TestTopics;
let producerDb: TestDatabase;
let consumerDb: TestDatabase;
let producer: ServiceRuntime;
let consumer: ServiceRuntime;
const manyCalls: number[] = [];

beforeAll(async () => {
  topics = await createTestTopics();
  [producerDb, consumerDb] = await Promise.all([
    createDatabaseWithSeenUsers(),
    createDatabaseWithSeenUsers(),
  ]);
  // A poll far longer than the tests wait: rows are published only if something wakes the relay.
  producer = await startRuntime(topics, producerDb, 'producer', {}, { pollIntervalMs: 600_000 });
  const refuse = (event: UserCreated) => {
    if (event.name === 'REJECT ME') throw new InvalidEventError('names may not be REJECT ME', {});
  };
  consumer = await startRuntime(topics, consumerDb, 'consumer', {
    user_created: Object.assign(
      async (...args: Parameters<typeof recordSeenUser & object>) => {
        refuse(args[1]);
        await recordSeenUser!(...args);
      },
      {
        many: async (
          trx: Parameters<typeof recordSeenUser & object>[0],
          items: readonly { event: UserCreated; meta: Parameters<typeof recordSeenUser & object>[2] }[],
        ) => {
          manyCalls.push(items.length);
          for (const { event } of items) refuse(event);
          await trx('seen_users').insert(
            items.map(({ event }) => ({ user_id: event.user_id, email: event.email })),
          );
        },
      },
    ),
  });
});

afterAll(async () => {
  await producer?.stop();
  await consumer?.stop();
  await Promise.all([producerDb?.drop(), consumerDb?.drop()]);
  await topics?.remove();
});

const seen = (userId: string) => consumerDb.db('seen_users').where({ user_id: userId }).first();
const unpublished = async () => Number((await producerDb.db('outbox').count({ n: '*' }))[0]?.n);

test('enqueueMany publishes the events once, in the order given; the consumer applies them through many', async () => {
  const events = Array.from({ length: 30 }, () => userCreated());
  await producerDb.db.transaction((trx) => producer.outbox.enqueueMany(trx, 'user_created', events));

  // Woken in-process after the commit: the relay's poll (10 minutes) is not what publishes them.
  for (const event of events) await waitUntil(() => seen(event.user_id));
  const rows = await producerDb
    .db('outbox_log')
    .whereIn(
      'event_id',
      events.map((e) => e.event_id),
    )
    .select('event_id')
    .orderBy('id');
  expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.event_id));
  const records = await readTopic(topics.names.user_created, events.length);
  expect(records).toHaveLength(events.length);
  expect(Math.max(...manyCalls)).toBeGreaterThan(1);
  expect(await consumerDb.db('seen_users').count({ n: '*' })).toEqual([{ n: String(events.length) }]);
});

test('a rolled-back enqueueMany leaves nothing, and one invalid event refuses the whole list', async () => {
  const rolledBack = [userCreated(), userCreated()];
  await expect(
    producerDb.db.transaction(async (trx) => {
      await producer.outbox.enqueueMany(trx, 'user_created', rolledBack);
      throw new Error('business rule failed after the enqueue');
    }),
  ).rejects.toThrow('business rule failed');
  const invalid = [userCreated(), userCreated({ email: 42 as unknown as string })];
  await expect(
    producerDb.db.transaction((trx) => producer.outbox.enqueueMany(trx, 'user_created', invalid)),
  ).rejects.toMatchObject({ code: 'EVENT_SCHEMA_MISMATCH' });
  const ids = [...rolledBack, ...invalid].map((e) => e.event_id);
  expect(await producerDb.db('outbox_log').whereIn('event_id', ids)).toEqual([]);
});

describe('writeWithEvents: a business write and its events in one statement', () => {
  const insertSeen = (userId: string, email = 'w@example.com') =>
    producerDb.db.raw('insert into seen_users (user_id, email) values (?, ?) returning user_id, email', [
      userId,
      email,
    ]);
  // Every row ever written (published rows leave the outbox itself).
  const outboxRowsOf = (events: UserCreated[]) =>
    producerDb.db('outbox_log').whereIn(
      'event_id',
      events.map((e) => e.event_id),
    );

  test('returns the rows, enqueues the events, and wakes the relay in-process: they are consumed', async () => {
    const event = userCreated();
    const written = await producer.outbox.writeWithEvents(
      producerDb.db,
      insertSeen(event.user_id),
      'user_created',
      [event],
    );
    expect(written).toEqual([{ user_id: event.user_id, email: 'w@example.com' }]);
    // The relay's poll is ten minutes: only the wake-up after the statement publishes it.
    await waitUntil(() => seen(event.user_id));
    expect(await outboxRowsOf([event])).toHaveLength(1);
  });

  test('a statement that returns no row enqueues nothing', async () => {
    const event = userCreated();
    const none = producerDb.db.raw(
      'insert into seen_users (user_id, email) select ?, ? where false returning user_id',
      [event.user_id, 'x@example.com'],
    );
    expect(await producer.outbox.writeWithEvents(producerDb.db, none, 'user_created', [event])).toEqual([]);
    expect(await outboxRowsOf([event])).toEqual([]);
  });

  test('a statement that fails, or an invalid event, writes neither', async () => {
    const userId = randomUUID();
    await producerDb.db('seen_users').insert({ user_id: userId, email: 'first@example.com' });
    const duplicate = userCreated({ user_id: userId });
    await expect(
      producer.outbox.writeWithEvents(producerDb.db, insertSeen(userId), 'user_created', [duplicate]),
    ).rejects.toMatchObject({ code: '23505' });
    const invalid = userCreated({ email: 42 as unknown as string });
    await expect(
      producer.outbox.writeWithEvents(producerDb.db, insertSeen(invalid.user_id), 'user_created', [invalid]),
    ).rejects.toMatchObject({ code: 'EVENT_SCHEMA_MISMATCH' });
    expect(await outboxRowsOf([duplicate, invalid])).toEqual([]);
    expect(await producerDb.db('seen_users').where({ user_id: invalid.user_id })).toEqual([]);
  });

  test('inside a transaction it belongs to it: rolled back, nothing stays', async () => {
    const event = userCreated();
    await expect(
      producerDb.db.transaction(async (trx) => {
        await producer.outbox.writeWithEvents(
          trx,
          trx.raw('insert into seen_users (user_id, email) values (?, ?) returning user_id', [
            event.user_id,
            'tx@example.com',
          ]),
          'user_created',
          [event],
        );
        throw new Error('business rule failed after the write');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await outboxRowsOf([event])).toEqual([]);
    expect(await producerDb.db('seen_users').where({ user_id: event.user_id })).toEqual([]);
  });
});

test('a writer in another process wakes the relay with pg_notify', async () => {
  // An outbox without an in-process relay, as the bench's writers or a script would have.
  const outside = createOutbox({
    codec: createEventCodec({
      registry: createSchemaRegistry({ url: testStack.registryUrl }),
      subjectFor: (t) => `${topics.names[t]}-value`,
    }),
    topicName: (t) => topics.names[t],
    source: '/a-script',
  });
  const event = userCreated();
  await producerDb.db.transaction((trx) => outside.enqueue(trx, 'user_created', event));
  await waitUntil(() => seen(event.user_id));
  await waitUntil(async () => (await unpublished()) === 0);
});

test('concurrent enqueueMany on shared keys in opposite orders: no deadlock, ids in commit order per key', async () => {
  const [k1, k2] = [randomUUID(), randomUUID()];
  const first = [userCreated({ user_id: k1 }), userCreated({ user_id: k2 })];
  const second = [userCreated({ user_id: k2 }), userCreated({ user_id: k1 })];
  let releaseFirst!: () => void;
  const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
  let firstInserted!: () => void;
  const firstHasInserted = new Promise<void>((resolve) => (firstInserted = resolve));
  const t1 = producerDb.db.transaction(async (trx) => {
    await producer.outbox.enqueueMany(trx, 'user_created', first);
    firstInserted();
    await firstHolds;
  });
  await firstHasInserted;
  // The second writer's ids are drawn only once the first has committed (it waits on the locks).
  const t2 = producerDb.db.transaction((trx) => producer.outbox.enqueueMany(trx, 'user_created', second));
  let secondDone = false;
  void t2.then(() => (secondDone = true));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(secondDone).toBe(false);
  releaseFirst();
  await Promise.all([t1, t2]);
  const rows = await producerDb.db('outbox_log').whereIn('key', [k1, k2]).select('event_id').orderBy('id');
  expect(rows.map((r) => r.event_id)).toEqual([...first, ...second].map((e) => e.event_id));
});

test('a refusal inside many sets aside only the refused event', async () => {
  const good = [userCreated(), userCreated()];
  const refused = userCreated({ name: 'REJECT ME' });
  await producerDb.db.transaction((trx) =>
    producer.outbox.enqueueMany(trx, 'user_created', [good[0]!, refused, good[1]!]),
  );
  for (const event of good) await waitUntil(() => seen(event.user_id));
  expect(await seen(refused.user_id)).toBeUndefined();
  const dead = await readTopic(`${topics.names.user_created}.dlq`, 1);
  expect(dead.map((d) => d.headers[DLQ_HEADERS.errorCode])).toEqual(['INVALID_EVENT']);
});
