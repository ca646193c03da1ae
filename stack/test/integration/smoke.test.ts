/**
 * Smoke test of the local stack itself, independent of the project's codec: register an Avro
 * schema, produce one Confluent-framed message with kafkajs, consume it back in a consumer
 * group and decode it through the registry.
 */
import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { loadStackConfig } from '../../src/config/stack-config';

const cfg = loadStackConfig();
const kafka = new Kafka({ clientId: 'smoke', brokers: cfg.kafka.brokers, logLevel: logLevel.NOTHING });
const registry = new SchemaRegistry({ host: cfg.registry.url });
const topic = `smoke_${randomUUID()}`;
const groupId = `smoke_${randomUUID()}`;
const admin = kafka.admin();

beforeAll(() => admin.connect());
afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

test('a Confluent-framed Avro message goes through Kafka and back through the registry', async () => {
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const schema = {
    type: 'record',
    name: 'Smoke',
    namespace: 'test.smoke',
    fields: [{ name: 'greeting', type: 'string' }],
  };
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
    { subject: `${topic}-value` },
  );
  const value = await registry.encode(id, { greeting: 'hello' });
  expect(value[0]).toBe(0);
  expect(value.readUInt32BE(1)).toBe(id);

  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'k', value }] });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const received = new Promise<Buffer>((resolve) => {
    void consumer.run({ eachMessage: async ({ message }) => resolve(message.value as Buffer) });
  });
  const raw = await received;
  await consumer.disconnect();

  expect(raw.equals(value)).toBe(true);
  expect(await registry.decode(raw)).toEqual({ greeting: 'hello' });
  const described = await admin.describeGroups([groupId]);
  expect(described.groups[0]?.groupId).toBe(groupId);
}, 60_000);

test('admin creates and describes a compacted topic', async () => {
  const compacted = `${topic}_compacted`;
  await admin.createTopics({
    topics: [
      { topic: compacted, numPartitions: 2, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    ],
    waitForLeaders: true,
  });
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [compacted] });
    expect(meta.topics[0]?.partitions).toHaveLength(2);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: 2 /* ConfigResourceTypes.TOPIC */, name: compacted, configNames: ['cleanup.policy'] },
      ],
    });
    expect(resources[0]?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue).toBe(
      'compact',
    );
  } finally {
    await admin.deleteTopics({ topics: [compacted] });
  }
}, 60_000);
