import path from 'node:path';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { registerContracts } from '../../../src/registry/register-contracts';
import { createKafkaTransport } from '../../../src/transport/kafka-transport';
import type { TransportAdmin } from '../../../src/transport/types';
import { createSchemaRegistry } from '../../../src/registry/schema-registry';
import { topicSchemas } from '../../../src/generated';
import { kafkaBrokers, randomName, registryUrl } from './helpers';

const schemasDir = path.resolve(__dirname, '../../../../schemas');

describe('registerContracts against the real Kafka and registry', () => {
  // kafkajs's own admin observes and disturbs the topics; registerContracts gets the runtime's.
  let admin: Admin;
  let transportAdmin: TransportAdmin;
  const prefix = randomName();
  const nameFor = (topic: string) => `${prefix}_${topic}`;
  const registry = createSchemaRegistry({ url: registryUrl });

  beforeAll(async () => {
    admin = new Kafka({
      clientId: 'register-contracts-test',
      brokers: kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    transportAdmin = await createKafkaTransport({
      brokers: kafkaBrokers,
      clientId: 'register-contracts-test',
    }).admin();
  });

  afterAll(async () => {
    await admin
      .deleteTopics({ topics: [nameFor('user_created'), nameFor('order_created')] })
      .catch(() => undefined);
    await admin.disconnect();
    await transportAdmin.disconnect();
  });

  async function topicConfig(topic: string, names: string[]): Promise<Record<string, string>> {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }],
    });
    return Object.fromEntries((resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]));
  }

  it('creates the topics with their settings and registers the schemas', async () => {
    const results = await registerContracts({
      admin: transportAdmin,
      registry,
      schemasDir,
      topicNameFor: nameFor,
    });
    expect(results.map((r) => r.topic).sort()).toEqual([nameFor('order_created'), nameFor('user_created')]);
    for (const r of results) expect(r.changes.length).toBeGreaterThanOrEqual(3);

    expect(await topicConfig(nameFor('user_created'), ['cleanup.policy', 'min.compaction.lag.ms'])).toEqual({
      'cleanup.policy': 'compact',
      'min.compaction.lag.ms': '60000',
    });
    expect((await topicConfig(nameFor('order_created'), ['cleanup.policy']))['cleanup.policy']).toBe(
      'delete',
    );
    const metadata = await admin.fetchTopicMetadata({ topics: [nameFor('user_created')] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);

    const subject = `${nameFor('user_created')}-value`;
    expect(await registry.getCompatibility(subject)).toBe('FULL_TRANSITIVE');
    const userResult = results.find((r) => r.subject === subject);
    expect(await registry.lookupSchemaId(subject, topicSchemas.user_created)).toBe(userResult?.schemaId);
  });

  it('is a no-op when run again', async () => {
    const again = await registerContracts({
      admin: transportAdmin,
      registry,
      schemasDir,
      topicNameFor: nameFor,
    });
    expect(again.map((r) => r.changes)).toEqual([[], []]);
  });

  it('puts a drifted topic config back', async () => {
    const topic = nameFor('user_created');
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'cleanup.policy', value: 'delete' }],
        },
      ],
    });
    expect((await topicConfig(topic, ['cleanup.policy']))['cleanup.policy']).toBe('delete');
    const results = await registerContracts({
      admin: transportAdmin,
      registry,
      schemasDir,
      topicNameFor: nameFor,
    });
    expect(results.find((r) => r.topic === topic)?.changes.join()).toContain(
      'cleanup.policy: delete → compact',
    );
    expect(await topicConfig(topic, ['cleanup.policy', 'min.compaction.lag.ms'])).toEqual({
      'cleanup.policy': 'compact',
      'min.compaction.lag.ms': '60000',
    });
  });
});
