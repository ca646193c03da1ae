/**
 * Applies `schemas/`: creates or aligns each topic in Kafka, sets each subject's compatibility level
 * and registers each value schema. Idempotent: a second run changes nothing and says so.
 */
import { loadTopicsConfig, valueSubjectOf } from '@contract-events/contracts';
import { EventSystemError } from '../errors';
import { CLUSTER_DEFAULT_REPLICATION, type TransportAdmin } from '../transport/types';
import type { SchemaRegistryClient } from './schema-registry';

/** Where progress lines go; pino's logger fits, and so does `console`. */
export interface ContractsLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Options of {@link registerContracts}. */
export interface RegisterContractsOptions {
  /** The runtime's Kafka admin; the caller owns its lifecycle. */
  admin: TransportAdmin;
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
 * @throws KafkaError `KAFKA_UNAVAILABLE`, `KAFKA_AUTH_FAILED`, `KAFKA_REJECTED` (e.g. a topic config the
 *   broker refuses); RegistryError `REGISTRY_UNAVAILABLE`, `REGISTRY_REJECTED` (e.g. an incompatible
 *   schema change); ContractError `TOPICS_CONFIG_INVALID`, `SCHEMA_INVALID` (a bad `schemas/`).
 */
export async function registerContracts(options: RegisterContractsOptions): Promise<TopicRegistration[]> {
  const { admin, registry, logger } = options;
  const nameFor = options.topicNameFor ?? ((topic: string) => topic);
  const contracts = loadTopicsConfig({ schemasDir: options.schemasDir }).map((c) => ({
    ...c,
    topic: nameFor(c.topic),
    subject: valueSubjectOf(nameFor(c.topic)),
  }));
  const alignments = await admin.ensureTopics(
    contracts.map((c) => ({
      topic: c.topic,
      partitions: c.partitions,
      replicationFactor: c.replicationFactor ?? CLUSTER_DEFAULT_REPLICATION,
      config: c.config,
    })),
  );
  const results: TopicRegistration[] = [];
  for (const [i, contract] of contracts.entries()) {
    const alignment = alignments[i];
    const changes = [...(alignment?.changes ?? [])];
    for (const warning of alignment?.warnings ?? []) logger?.warn(`${contract.topic} ${warning}`);
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
