/**
 * Applies `schemas/`: creates or aligns each topic in Kafka, sets each subject's compatibility level
 * and registers each value schema. Idempotent: a second run changes nothing and says so.
 */
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { EventSystemError } from '../errors';
import { loadTopicsConfig, type TopicContract } from '../topics-config';
import type { SchemaRegistryClient } from './schema-registry';

/** Where progress lines go; pino's logger fits, and so does `console`. */
export interface ContractsLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Options of {@link registerContracts}. */
export interface RegisterContractsOptions {
  /** A connected kafkajs admin client; the caller owns its lifecycle. */
  admin: Admin;
  registry: SchemaRegistryClient;
  /** The folder with `topics.json` and the `.avsc` files. */
  schemasDir: string;
  logger?: ContractsLogger;
  /** Actual Kafka topic (and subject prefix) for a configured topic; tests use random names. */
  topicNameFor?: (topic: string) => string;
}

/** What was done for one topic. */
export interface TopicRegistration {
  topic: string;
  subject: string;
  schemaId: number;
  /** Every change made; empty when everything already matched. */
  changes: string[];
}

/**
 * Creates or aligns topics and registers schemas as `schemas/` declares.
 *
 * @throws EventSystemError `KAFKA_UNAVAILABLE`, `REGISTRY_UNAVAILABLE`, `REGISTRY_REJECTED` (e.g. an
 *   incompatible schema change), `CONFIG_INVALID`.
 */
export async function registerContracts(options: RegisterContractsOptions): Promise<TopicRegistration[]> {
  const { admin, registry, logger } = options;
  const nameFor = options.topicNameFor ?? ((topic: string) => topic);
  const contracts = loadTopicsConfig({ schemasDir: options.schemasDir }).map((c) => ({
    ...c,
    topic: nameFor(c.topic),
    subject: `${nameFor(c.topic)}-value`,
  }));
  const existing = new Set(await kafka('list topics', () => admin.listTopics()));
  const results: TopicRegistration[] = [];
  for (const contract of contracts) {
    const changes = existing.has(contract.topic)
      ? await alignTopic(admin, contract, logger)
      : await createTopic(admin, contract);
    if ((await registry.getCompatibility(contract.subject)) !== contract.compatibility) {
      await registry.setCompatibility(contract.subject, contract.compatibility);
      changes.push(`set ${contract.subject} compatibility to ${contract.compatibility}`);
    }
    let schemaId: number;
    try {
      schemaId = await registry.lookupSchemaId(contract.subject, contract.schema);
    } catch (err) {
      if (!(err instanceof EventSystemError && err.code === 'SCHEMA_NOT_REGISTERED')) throw err;
      schemaId = await registry.register(contract.subject, contract.schema);
      changes.push(`registered ${contract.subject} as schema id ${schemaId}`);
    }
    logger?.info(
      `${contract.topic}: ${changes.length === 0 ? `up to date (schema id ${schemaId})` : changes.join('; ')}`,
    );
    results.push({ topic: contract.topic, subject: contract.subject, schemaId, changes });
  }
  return results;
}

async function createTopic(admin: Admin, contract: TopicContract): Promise<string[]> {
  await kafka(`create topic ${contract.topic}`, () =>
    admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: contract.topic,
          numPartitions: contract.partitions,
          replicationFactor: contract.replicationFactor,
          configEntries: Object.entries(contract.config).map(([name, value]) => ({ name, value })),
        },
      ],
    }),
  );
  const settings = Object.entries(contract.config).map(([k, v]) => `${k}=${v}`);
  return [`created topic ${contract.topic} (${contract.partitions} partitions, ${settings.join(', ')})`];
}

async function alignTopic(
  admin: Admin,
  contract: TopicContract,
  logger?: ContractsLogger,
): Promise<string[]> {
  const changes: string[] = [];
  const described = await kafka(`describe topic ${contract.topic}`, () =>
    admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: contract.topic, configNames: Object.keys(contract.config) },
      ],
    }),
  );
  const current = new Map(
    (described.resources[0]?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]),
  );
  const differing = Object.entries(contract.config).filter(([name, value]) => current.get(name) !== value);
  if (differing.length > 0) {
    // alterConfigs replaces the topic's whole override set, so send all declared settings, not just the diff.
    await kafka(`alter configs of ${contract.topic}`, () =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: contract.topic,
            configEntries: Object.entries(contract.config).map(([name, value]) => ({ name, value })),
          },
        ],
      }),
    );
    changes.push(
      `altered ${differing.map(([k, v]) => `${k}: ${current.get(k) ?? '(default)'} → ${v}`).join(', ')}`,
    );
  }
  const metadata = await kafka(`fetch metadata of ${contract.topic}`, () =>
    admin.fetchTopicMetadata({ topics: [contract.topic] }),
  );
  const partitions = metadata.topics[0]?.partitions.length ?? 0;
  if (partitions < contract.partitions) {
    await kafka(`add partitions to ${contract.topic}`, () =>
      admin.createPartitions({ topicPartitions: [{ topic: contract.topic, count: contract.partitions }] }),
    );
    changes.push(`increased partitions ${partitions} → ${contract.partitions}`);
  } else if (partitions > contract.partitions) {
    // Kafka cannot remove partitions; recreating the topic would lose data, so only say so.
    logger?.warn(
      `${contract.topic} has ${partitions} partitions, more than the ${contract.partitions} declared`,
    );
  }
  return changes;
}

async function kafka<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    const name = (err as Error).name ?? '';
    // kafkajs marks broker-side refusals (bad config values, ...) non-retriable; connection trouble is.
    const unreachable =
      /Connection|Timeout|NumberOfRetriesExceeded/.test(name) || (err as { retriable?: boolean }).retriable;
    throw new EventSystemError(`Kafka failed to ${what}: ${(err as Error).message}`, {
      code: unreachable ? 'KAFKA_UNAVAILABLE' : 'CONFIG_INVALID',
      retriable: Boolean(unreachable),
      details: { operation: what },
      cause: err,
    });
  }
}
