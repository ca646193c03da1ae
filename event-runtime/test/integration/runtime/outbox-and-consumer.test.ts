/**
 * The runtime against the real stack: outbox → relay → Kafka → idempotent consumer, with
 * dead letters. Every test file has its own topics, consumer groups and databases.
 */
import { DLQ_HEADERS } from '../../../src/consumer/dead-letter';
import { createEventCodec } from '../../../src/codec/event-codec';
import { replayDeadLetters } from '../../../src/consumer/dlq-replay';
import { createSchemaRegistry } from '../../../src/registry/schema-registry';
import { createKafkaTransport } from '../../../src/transport/kafka-transport';
import { testStack } from '../../../../test/support/stack-env';
import { InvalidEventError } from '../../../src/consumer/invalid-event';
import type { ServiceRuntime } from '../../../src/service/types';
import type { TestDatabase } from '../../../../test/support/test-database';
import { createTestTopics, type TestTopics } from '../../../../test/support/test-topics';
import {
  createDatabaseWithSeenUsers,
  produceRaw,
  readTopic,
  recordSeenUser,
  startRuntime,
  userCreated,
  waitUntil,
} from './runtime-harness';

jest.setTimeout(60_000);

let topics: TestTopics;
let producerDb: TestDatabase;
let consumerDb: TestDatabase;
let producer: ServiceRuntime;
let consumer: ServiceRuntime;
// The handler's rule can be relaxed, as a fixed deployment would, to replay what it rejected.
let rejecting = true;
let rejectedUserId = '';

beforeAll(async () => {
  topics = await createTestTopics();
  [producerDb, consumerDb] = await Promise.all([
    createDatabaseWithSeenUsers(),
    createDatabaseWithSeenUsers(),
  ]);
  producer = await startRuntime(topics, producerDb, 'producer', {});
  consumer = await startRuntime(topics, consumerDb, 'consumer', {
    user_created: async (trx, event, meta) => {
      if (event.name === 'REJECT ME' && rejecting)
        throw new InvalidEventError('names may not be REJECT ME', { event_id: event.event_id });
      await recordSeenUser!(trx, event, meta);
    },
  });
});

afterAll(async () => {
  await producer?.stop();
  await consumer?.stop();
  await Promise.all([producerDb?.drop(), consumerDb?.drop()]);
  await topics?.remove();
});

const seen = (userId: string) => consumerDb.db('seen_users').where({ user_id: userId }).first();
const waitingInOutbox = async () => Number((await producerDb.db('outbox').count({ n: '*' }))[0]?.n);

test('committed events reach the consumer once; a rolled-back transaction publishes nothing', async () => {
  const committed = Array.from({ length: 20 }, () => userCreated());
  await producerDb.db.transaction(async (trx) => {
    for (const event of committed) await producer.outbox.enqueue(trx, 'user_created', event);
  });
  const rolledBack = userCreated();
  await expect(
    producerDb.db.transaction(async (trx) => {
      await producer.outbox.enqueue(trx, 'user_created', rolledBack);
      throw new Error('business rule failed after the enqueue');
    }),
  ).rejects.toThrow('business rule failed');

  for (const event of committed) {
    const row = await waitUntil(() => seen(event.user_id));
    expect(row).toMatchObject({ email: event.email, applied_times: 1 });
  }
  expect(await producerDb.db('outbox_log').where({ event_id: rolledBack.event_id }).first()).toBeUndefined();
  expect(await seen(rolledBack.user_id)).toBeUndefined();
  // Published means gone from the outbox: the relay deletes what it sent.
  await waitUntil(async () => (await waitingInOutbox()) === 0);
  expect(
    await producerDb.db('outbox_log').whereIn(
      'event_id',
      committed.map((e) => e.event_id),
    ),
  ).toHaveLength(20);
});

test('an invalid event is refused at enqueue and rolls the business transaction back', async () => {
  const bad = userCreated({ email: 42 as unknown as string });
  await expect(
    producerDb.db.transaction((trx) => producer.outbox.enqueue(trx, 'user_created', bad)),
  ).rejects.toMatchObject({ code: 'EVENT_SCHEMA_MISMATCH' });
  expect(await producerDb.db('outbox_log').where({ event_id: bad.event_id }).first()).toBeUndefined();
});

test('a redelivered event changes nothing', async () => {
  const event = userCreated();
  await producerDb.db.transaction((trx) => producer.outbox.enqueue(trx, 'user_created', event));
  await waitUntil(() => seen(event.user_id));
  const [row] = await producerDb.db('outbox_log').where({ event_id: event.event_id });
  // The same bytes again, as Kafka would redeliver them after a crash before the offset commit.
  // Twice in one send, so the copies also meet inside one batch.
  await produceRaw(topics.names.user_created, [
    { key: row.key, value: row.value },
    { key: row.key, value: row.value },
  ]);
  const marker = userCreated();
  await producerDb.db.transaction((trx) => producer.outbox.enqueue(trx, 'user_created', marker));
  await waitUntil(() => seen(marker.user_id));
  expect(await seen(event.user_id)).toMatchObject({ applied_times: 1 });
  const inbox = await consumerDb.db('inbox').where({ event_id: event.event_id });
  expect(inbox).toHaveLength(1);
});

test('poison messages go to the dead-letter topic with their headers and the next good one is applied', async () => {
  const rejected = userCreated({ name: 'REJECT ME' });
  rejectedUserId = rejected.user_id;
  const good = userCreated();
  const poisonKey = 'poison-key';
  await produceRaw(topics.names.user_created, [
    { key: poisonKey, value: Buffer.from('definitely not avro') },
    { key: poisonKey, value: Buffer.from([0, 0x7f, 0xff, 0xff, 0xff, 1, 2]) },
  ]);
  await producerDb.db.transaction(async (trx) => {
    await producer.outbox.enqueue(trx, 'user_created', rejected);
    await producer.outbox.enqueue(trx, 'user_created', good);
  });
  await waitUntil(() => seen(good.user_id));
  expect(await seen(rejected.user_id)).toBeUndefined();

  const dead = await readTopic(`${topics.names.user_created}.dlq`, 3);
  expect(dead).toHaveLength(3);
  const codes = dead.map((d) => d.headers[DLQ_HEADERS.errorCode]).sort();
  expect(codes).toEqual(['BAD_MAGIC_BYTE', 'INVALID_EVENT', 'UNKNOWN_SCHEMA_ID']);
  for (const d of dead) {
    expect(d.headers[DLQ_HEADERS.sourceTopic]).toBe(topics.names.user_created);
    expect(d.headers[DLQ_HEADERS.sourcePartition]).toMatch(/^\d+$/);
    expect(d.headers[DLQ_HEADERS.sourceOffset]).toMatch(/^\d+$/);
  }
  const badMagic = dead.find((d) => d.headers[DLQ_HEADERS.errorCode] === 'BAD_MAGIC_BYTE');
  expect(badMagic?.value?.toString()).toBe('definitely not avro');
  expect(badMagic?.key).toBe(poisonKey);
  // Kept until someone replays them: the broker's default retention would delete them.
  const admin = await createKafkaTransport({ ...testStack.kafka, clientId: 'dlq-config' }).admin();
  try {
    expect(await admin.topicConfig(`${topics.names.user_created}.dlq`, ['retention.ms'])).toEqual({
      'retention.ms': '-1',
    });
  } finally {
    await admin.disconnect();
  }
});

test('dlq replay sends back what can now be processed and keeps what still cannot', async () => {
  // Runs after the poison test: its DLQ holds two undecodable letters and one rejected event.
  rejecting = false;
  const dlqTopic = `${topics.names.user_created}.dlq`;
  const codec = createEventCodec({
    registry: createSchemaRegistry({ url: testStack.registryUrl }),
    subjectFor: (t) => `${topics.names[t]}-value`,
  });
  const report = await replayDeadLetters({
    transport: createKafkaTransport({ ...testStack.kafka, clientId: 'replay-test' }),
    codec,
    dlqTopic,
    logicalTopicOf: (source) => (source === topics.names.user_created ? 'user_created' : undefined),
  });
  expect(report).toEqual({ replayed: 1, stillFailing: 2 });
  // The consumer applies the replayed event now that its rule accepts it.
  expect(await waitUntil(() => seen(rejectedUserId))).toMatchObject({ applied_times: 1 });
  // The two undecodable letters went to the end of the DLQ with an attempt count.
  const letters = await readTopic(dlqTopic, 5);
  const retried = letters.filter((l) => l.headers['dlq-replay-attempts'] === '1');
  expect(retried).toHaveLength(2);
});

test('an event the database refuses (a NUL byte in a text column) is dead-lettered, not retried forever', async () => {
  const deadLettered = async () =>
    (await consumer.metrics.deadLetters.get()).values
      .filter((v) => v.labels.code === 'INVALID_EVENT')
      .reduce((sum, v) => sum + v.value, 0);
  const before = await deadLettered();
  // A valid Avro string that PostgreSQL cannot store (SQLSTATE 22021).
  const refused = userCreated({ email: 'nul\u0000@example.com' });
  const next = userCreated();
  await producerDb.db.transaction(async (trx) => {
    await producer.outbox.enqueue(trx, 'user_created', refused);
    await producer.outbox.enqueue(trx, 'user_created', next);
  });
  await waitUntil(() => seen(next.user_id));
  expect(await seen(refused.user_id)).toBeUndefined();
  // The dead letter is sent (and counted) after the batch's transaction, which applied `next`.
  await waitUntil(async () => (await deadLettered()) > before);
  expect(await deadLettered()).toBe(before + 1);
});

test('the relay vacuums the outbox after every vacuumEveryRows rows it published', async () => {
  // A database of its own: the file's other relay must not take these rows.
  const ownDb = await createDatabaseWithSeenUsers();
  const vacuumCount = async () =>
    Number(
      (
        await ownDb.db.raw<{ rows: { n: string }[] }>(
          `select vacuum_count as n from pg_stat_user_tables where relname = 'outbox'`,
        )
      ).rows[0]?.n ?? 0,
    );
  const relaying = await startRuntime(topics, ownDb, 'vacuuming-producer', {}, { vacuumEveryRows: 5 });
  try {
    expect(await vacuumCount()).toBe(0);
    const events = Array.from({ length: 5 }, () => userCreated());
    await ownDb.db.transaction((trx) => relaying.outbox.enqueueMany(trx, 'user_created', events));
    for (const event of events) await waitUntil(() => seen(event.user_id));
    // Statistics reach pg_stat_user_tables after the vacuum, not with it.
    await waitUntil(async () => (await vacuumCount()) === 1);
    expect(await ownDb.db('outbox').count({ n: '*' })).toEqual([{ n: '0' }]);
  } finally {
    await relaying.stop();
    await ownDb.drop();
  }
});
