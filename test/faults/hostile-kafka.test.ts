/**
 * Malformed records on each consumed topic, generated with fast-check: random bytes, a wrong magic
 * byte, unknown and huge schema ids, truncated bodies, valid Avro of the other topic's schema, events
 * the database refuses (NUL characters in text), and null values on the non-compacted topic. Every one
 * must land in the dead-letter topic with its headers, and the consumer must stay alive and apply the
 * good event sent after them. Null values on the compacted topic are tombstones: skipped, not
 * dead-lettered. 1,000 records per topic in `npm run test:faults`, 200 in `npm test`.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  createEventCodec,
  createKafkaTransport,
  createSchemaRegistry,
  type EventCodec,
  type EventTransport,
} from '@contract-events/runtime/tools';
import { randomSuffix, testStack } from '../support/stack-env';
import { createTestSystem, eventually, type TestSystem } from '../e2e/support/system';

jest.setTimeout(600_000);

const PER_TOPIC = process.env.FAULT_SUITE === 'quick' ? 200 : 1000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let system: TestSystem;
let transport: EventTransport;
let codec: EventCodec;

beforeAll(async () => {
  system = await createTestSystem();
  await Promise.all([system.startUserService(), system.startOrderService()]);
  transport = createKafkaTransport({ ...testStack.kafka, clientId: 'hostile-kafka' });
  codec = createEventCodec({
    registry: createSchemaRegistry({ url: testStack.registryUrl }),
    subjectFor: (topic) => `${system.topics.names[topic]}-value`,
  });
  await codec.init();
});

afterAll(() => system?.stop());

/** The Confluent framing, written out by hand so the test can break it. */
const framed = (schemaId: number, body: Uint8Array) => {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(schemaId >>> 0, 1);
  return Buffer.concat([header, body]);
};

const userEvent = () => ({
  event_id: randomUUID(),
  occurred_at: new Date(),
  user_id: randomUUID(),
  email: `k-${randomSuffix()}@example.com`,
  name: 'Kafka Fuzz',
});
const orderEvent = () => ({
  event_id: randomUUID(),
  occurred_at: new Date(),
  order_id: randomUUID(),
  user_id: randomUUID(),
  amount: '12.50',
  currency: 'EUR',
});

/** One malformed value for `topic`, or null for a null value. */
function malformed(topic: 'user_created' | 'order_created'): fc.Arbitrary<Promise<Buffer | null>> {
  const other = topic === 'user_created' ? 'order_created' : 'user_created';
  const bytes = fc.uint8Array({ minLength: 0, maxLength: 300 });
  const kinds: fc.Arbitrary<Promise<Buffer | null>>[] = [
    bytes.map(async (b) => Buffer.from(b)),
    fc.tuple(fc.integer({ min: 1, max: 255 }), bytes).map(async ([magic, b]) => {
      const value = framed(1, b);
      value[0] = magic;
      return value;
    }),
    fc.tuple(fc.integer({ min: 1_000_000, max: 2_000_000_000 }), bytes).map(async ([id, b]) => framed(id, b)),
    bytes.map(async (b) => framed(0xffffffff, b)),
    fc.integer({ min: 0, max: 1000 }).map(async (cut) => {
      const whole =
        topic === 'user_created'
          ? await codec.encode(topic, userEvent())
          : await codec.encode(topic, orderEvent());
      return whole.subarray(0, Math.max(5, Math.min(cut, whole.length - 1)));
    }),
    fc
      .constant(0)
      .map(async () =>
        other === 'user_created' ? codec.encode(other, userEvent()) : codec.encode(other, orderEvent()),
      ),
    // Valid Avro the database refuses: PostgreSQL text cannot hold NUL.
    fc
      .string({ maxLength: 20 })
      .map(async (s) =>
        topic === 'user_created'
          ? codec.encode(topic, { ...userEvent(), name: `${s}\u0000` })
          : codec.encode(topic, { ...orderEvent(), currency: `E\u0000${s}` }),
      ),
  ];
  // A null value is a broken message only where it cannot be a tombstone.
  if (topic === 'order_created') kinds.push(fc.constant(Promise.resolve(null)));
  return fc.oneof(...kinds);
}

/** Reads every record of `topic` from the beginning until `count` arrived (no offsets committed). */
async function readAll(topic: string, count: number) {
  const records: { value: Buffer | null; headers: Record<string, string> }[] = [];
  const reader = transport.consumer({
    groupId: `reader_${randomSuffix()}`,
    topics: [topic],
    fromBeginning: true,
    commitOffsets: false,
    async handleBatch(batch, ctx) {
      for (const m of batch.messages) {
        records.push({ value: m.value, headers: m.headers });
        ctx.markProcessed(m.offset);
      }
    },
  });
  await reader.start();
  try {
    await eventually(async () => records.length >= count, 120_000);
    return records;
  } finally {
    await reader.stop();
  }
}

describe.each(['user_created', 'order_created'] as const)('%s', (topic) => {
  test(`${PER_TOPIC} malformed records are dead-lettered with their headers; the next good event is applied`, async () => {
    const actual = system.topics.names[topic];
    const values = await Promise.all(fc.sample(malformed(topic), { numRuns: PER_TOPIC, seed: SEED }));
    const producer = await transport.producer();
    try {
      const junk = values.map((value) => ({ topic: actual, key: randomUUID(), value: value as Buffer }));
      // Tombstones on the compacted topic: deletion markers, neither applied nor dead-lettered.
      const tombstones =
        topic === 'user_created'
          ? Array.from({ length: 5 }, () => ({
              topic: actual,
              key: randomUUID(),
              value: null as unknown as Buffer,
            }))
          : [];
      const good = topic === 'user_created' ? userEvent() : orderEvent();
      const key =
        topic === 'user_created'
          ? (good as { user_id: string }).user_id
          : (good as { order_id: string }).order_id;
      for (let i = 0; i < junk.length; i += 100) await producer.send(junk.slice(i, i + 100));
      await producer.send(tombstones);
      await producer.send([{ topic: actual, key, value: await codec.encode(topic, good as never) }]);

      // The consumer is alive: the good event sent last is applied.
      const applied = () =>
        topic === 'user_created'
          ? system.ordersDb.db('users').where({ user_id: key }).first()
          : system.usersDb.db('user_orders').where({ order_id: key }).first();
      await eventually(applied, 120_000);

      const letters = await readAll(`${actual}.dlq`, junk.length);
      expect(letters).toHaveLength(junk.length);
      for (const letter of letters) {
        expect(letter.headers['dlq-source-topic']).toBe(actual);
        expect(letter.headers['dlq-error-code']).toMatch(/^[A-Z_]+$/);
        expect(letter.headers['dlq-source-offset']).toMatch(/^\d+$/);
      }
      const codes = new Map<string, number>();
      for (const l of letters)
        codes.set(l.headers['dlq-error-code']!, (codes.get(l.headers['dlq-error-code']!) ?? 0) + 1);
      process.stdout.write(
        `hostile Kafka ${topic}: ${junk.length} malformed, ${letters.length} dead-lettered (seed ${SEED}) ${JSON.stringify(Object.fromEntries(codes))}\n`,
      );
    } finally {
      await producer.disconnect();
    }
  });
});
