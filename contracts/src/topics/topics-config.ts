/**
 * THE reader of `schemas/topics.json` and the value schemas it names: codegen generates from it, the
 * compatibility gate checks what it lists, and `schemas:register` applies it to Kafka and the registry.
 * One set of rules for all three, so a file one of them accepts is never refused by another.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAvroSchema, schemaInvalid } from '../avro/parse-schema';
import { type CompatibilityLevel, parseCompatibilityLevel } from '../compatibility-levels';
import { ContractError } from '../errors';
import { asObject, asPositiveInt, asString, configInvalid } from './json-checks';
import {
  type SemanticChangesPolicy,
  type TopicContract,
  type TopicDeclaration,
  semanticChangesPolicies,
  valueSubjectOf,
} from './topic-contract';

/**
 * Topic names must be legal Kafka names (`[a-zA-Z0-9._-]{1,249}`) AND usable by codegen, which
 * writes each name unquoted as an object key and a property of `TopicEvents`, and turns it into a
 * camelCase identifier (`user_created` → `userCreatedSchema`). The intersection is an identifier of
 * letters, digits and `_` not starting with a digit. At most 245 characters, not 249: every topic
 * gets a dead-letter topic `<topic>.dlq`, and that name must fit Kafka's 249 too.
 */
export const TOPIC_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,244}$/;

/** Options of {@link loadTopicsConfig} and {@link readTopicDeclarations}. */
export interface LoadTopicsConfigOptions {
  /** The folder holding `topics.json` and the `.avsc` files, e.g. `<repo>/schemas`. */
  schemasDir: string;
}

const byTopic = (a: { topic: string }, b: { topic: string }): number =>
  a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0;

function readText(file: string, onError: (message: string, err: unknown) => ContractError): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw onError(`cannot be read: ${(err as Error).message}`, err);
  }
}

/**
 * Reads and checks `topics.json` alone, without opening the schema files: for callers that want to
 * report on each topic separately (the gate). Sorted by topic so that everything built from it is
 * deterministic.
 *
 * Every field but `semanticChanges` (default `error`) is required once `defaults` is applied (each
 * topic's entry is `{...defaults, ...entry}`), `compatibility` included: there is no built-in level, so the level a subject gets is always the one
 * written in the file (today `defaults.compatibility`).
 *
 * @throws ContractError `TOPICS_CONFIG_INVALID` naming the file and the offending entry.
 */
export function readTopicDeclarations(options: LoadTopicsConfigOptions): TopicDeclaration[] {
  const file = path.resolve(options.schemasDir, 'topics.json');
  const text = readText(
    file,
    (problem, err) => new ContractError(`${file}: ${problem}`, 'TOPICS_CONFIG_INVALID', { file }, err),
  );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ContractError(
      `${file}: not valid JSON: ${(err as Error).message}`,
      'TOPICS_CONFIG_INVALID',
      { file },
      err,
    );
  }
  const root = asObject(json, file, '(root)');
  const defaults = asObject(root.defaults ?? {}, file, 'defaults');
  const entries = Object.entries(asObject(root.topics, file, 'topics'));
  if (entries.length === 0) {
    throw new ContractError(`${file}: "topics" is empty`, 'TOPICS_CONFIG_INVALID', { file });
  }
  return entries
    .map(([topic, raw]) => declaration(file, options.schemasDir, topic, defaults, raw))
    .sort(byTopic);
}

function declaration(
  file: string,
  schemasDir: string,
  topic: string,
  defaults: Record<string, unknown>,
  raw: unknown,
): TopicDeclaration {
  const where = `topics.${topic}`;
  if (!TOPIC_NAME_PATTERN.test(topic)) {
    throw configInvalid(
      file,
      where,
      'not a valid topic name (a Kafka topic name that is also an identifier: letters, digits and _, not starting with a digit, at most 245 characters so that <topic>.dlq fits the Kafka limit of 249)',
    );
  }
  const entry = { ...defaults, ...asObject(raw, file, where) };
  const schemaFile = asString(entry.schema, file, `${where}.schema`);
  // The schema must live in the schemas directory: codegen's file header and the gate's git lookups
  // name it `schemas/<file>`, and nothing outside that folder is a contract.
  if (schemaFile.includes('..') || path.isAbsolute(schemaFile)) {
    throw configInvalid(
      file,
      `${where}.schema`,
      `expected a file name in the schemas directory, got ${JSON.stringify(schemaFile)}`,
    );
  }
  const keyField = asString(entry.key, file, `${where}.key`);
  const compatibility = compatibilityOf(file, where, entry.compatibility);
  const config = asObject(entry.config ?? {}, file, `${where}.config`);
  for (const [name, value] of Object.entries(config)) {
    // Kafka takes every topic config as a string; a number here would be a silent type mismatch later.
    asString(value, file, `${where}.config.${name}`);
  }
  return {
    topic,
    subject: valueSubjectOf(topic),
    schemaFile,
    schemaPath: path.resolve(schemasDir, schemaFile),
    declaredIn: file,
    keyField,
    partitions: asPositiveInt(entry.partitions, file, `${where}.partitions`),
    replicationFactor:
      entry.replicationFactor === undefined
        ? undefined
        : asPositiveInt(entry.replicationFactor, file, `${where}.replicationFactor`),
    config: config as Record<string, string>,
    compatibility,
    semanticChanges: semanticChangesOf(file, where, entry.semanticChanges),
  };
}

/** The entry's policy for semantic changes; `error` when neither the topic nor `defaults` sets one. */
function semanticChangesOf(file: string, where: string, value: unknown): SemanticChangesPolicy {
  if (value === undefined) return 'error';
  const found = semanticChangesPolicies.find((policy) => policy === value);
  if (found === undefined) {
    throw configInvalid(
      file,
      `${where}.semanticChanges`,
      `expected one of ${semanticChangesPolicies.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return found;
}

/** The entry's level, named exactly as the registry names it (no case folding in files). */
function compatibilityOf(file: string, where: string, value: unknown): CompatibilityLevel {
  if (value === undefined) {
    throw configInvalid(
      file,
      `${where}.compatibility`,
      'missing: set a compatibility level on the topic or in "defaults"',
    );
  }
  try {
    return parseCompatibilityLevel(value);
  } catch (err) {
    throw configInvalid(file, `${where}.compatibility`, (err as Error).message, err);
  }
}

/**
 * Reads, parses and checks the value schema of one declared topic: it must be a valid Avro schema
 * (malformed logical types refused, as the runtime's codec refuses them) whose root is a record
 * with the key field.
 *
 * @throws ContractError `SCHEMA_INVALID` when the file cannot be read or does not parse,
 *   `TOPICS_CONFIG_INVALID` when the schema does not fit the declaration.
 */
export function loadTopicContract(declared: TopicDeclaration): TopicContract {
  const { declaredIn: file, schemaPath, topic, keyField } = declared;
  const text = readText(schemaPath, (problem, err) => schemaInvalid(schemaPath, problem, err));
  const parsed = parseAvroSchema(text, schemaPath, { strictLogicalTypes: true });
  const root = parsed.root;
  if (root.kind !== 'record') {
    throw configInvalid(
      file,
      `topics.${topic}.schema`,
      `the value schema of topic ${topic} must be a record (${schemaPath})`,
    );
  }
  if (!root.fields.some((field) => field.name === keyField)) {
    throw new ContractError(
      `${file}: key ${keyField} of topic ${topic} is not a field of ${root.name} ` +
        `(topics.${topic}.key: "${keyField}" is not a field of ${schemaPath})`,
      'TOPICS_CONFIG_INVALID',
      { file, topic, keyField },
    );
  }
  return { ...declared, schema: parsed.json as Record<string, unknown>, root };
}

/**
 * Loads and checks `topics.json` and every schema it names, sorted by topic.
 *
 * @throws ContractError `TOPICS_CONFIG_INVALID` or `SCHEMA_INVALID`, naming the file and the entry.
 */
export function loadTopicsConfig(options: LoadTopicsConfigOptions): TopicContract[] {
  return readTopicDeclarations(options).map(loadTopicContract);
}
