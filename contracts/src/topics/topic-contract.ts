/**
 * What `schemas/topics.json` declares for one topic, and the checked contract once its value
 * schema is loaded. One model for codegen, the compatibility gate and `schemas:register`.
 */
import type { RecordNode } from '../avro/model';
import type { CompatibilityLevel } from '../compatibility-levels';

/** One topic's entry of topics.json, with `defaults` applied and every field checked. */
export interface TopicDeclaration {
  topic: string;
  /** Registry subject of the values (topic-name strategy): `<topic>-value`. */
  subject: string;
  /** Schema file name relative to the schemas directory, e.g. `user_created.avsc`. */
  schemaFile: string;
  /** Absolute path of the schema file. */
  schemaPath: string;
  /** Absolute path of the topics.json that declared the topic, for messages. */
  declaredIn: string;
  /** Field of the value whose content is the message key. */
  keyField: string;
  partitions: number;
  /**
   * Copies of each partition; undefined: the cluster's `default.replication.factor`, so one contract
   * serves a single-broker development stack and a replicated production cluster alike.
   */
  replicationFactor: number | undefined;
  /** Kafka topic configs, e.g. `cleanup.policy`; values are strings as Kafka takes them. */
  config: Record<string, string>;
  compatibility: CompatibilityLevel;
  /**
   * What the compatibility gate does with a change the registry accepts but that changes a value's
   * meaning (a decimal's scale, a timestamp's unit, a logical type added or removed): `error` fails
   * the gate, `warn` only reports it. `semanticChanges` in topics.json; `error` when not set.
   */
  semanticChanges: SemanticChangesPolicy;
}

/**
 * THE registry subject of a topic's values (Confluent's topic-name strategy): `<topic>-value`. Used by
 * the topics.json reader and by `schemas:register` for the actual (possibly test-prefixed) topic name.
 */
export function valueSubjectOf(topic: string): string {
  return `${topic}-value`;
}

/** Values of {@link TopicDeclaration.semanticChanges}. */
export const semanticChangesPolicies = ['error', 'warn'] as const;

/** A value from {@link semanticChangesPolicies}. */
export type SemanticChangesPolicy = (typeof semanticChangesPolicies)[number];

/** A declaration whose value schema was read, parsed and found to fit it. */
export interface TopicContract extends TopicDeclaration {
  /** The value schema's JSON, as written in the file (what is registered and generated). */
  schema: Record<string, unknown>;
  /** The parsed value schema: always a record, and {@link TopicDeclaration.keyField} is one of its fields. */
  root: RecordNode;
}
