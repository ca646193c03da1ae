/**
 * Reads `schemas/topics.json` and the schemas it names into one checked description per topic: what
 * `schemas:register` applies to Kafka and the registry.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schema } from 'avsc';
import { ConfigError } from './errors';
import { avroTypeFor } from './codec/logical-types';
import { compatibilityLevels, type CompatibilityLevel } from '@contract-events/contracts';

/** Everything configured for one topic. */
export interface TopicContract {
  topic: string;
  /** Registry subject of the values (topic-name strategy): `<topic>-value`. */
  subject: string;
  /** Parsed Avro schema JSON of the values. */
  schema: Record<string, unknown>;
  /** Absolute path of the `.avsc` file. */
  schemaFile: string;
  /** Field of the value whose content is the message key. */
  keyField: string;
  partitions: number;
  replicationFactor: number;
  /** Kafka topic configs, e.g. `cleanup.policy`. */
  config: Record<string, string>;
  compatibility: CompatibilityLevel;
}

/** Options of {@link loadTopicsConfig}. */
export interface LoadTopicsConfigOptions {
  /** The folder holding `topics.json` and the `.avsc` files, e.g. `<repo>/schemas`. */
  schemasDir: string;
}

/**
 * Loads and checks `topics.json`.
 *
 * @throws ConfigError `CONFIG_INVALID` naming the file and the offending entry.
 */
export function loadTopicsConfig(options: LoadTopicsConfigOptions): TopicContract[] {
  const file = path.resolve(options.schemasDir, 'topics.json');
  const root = asObject(readJson(file), file, '(root)');
  const defaults = asObject(root.defaults ?? {}, file, 'defaults');
  const topics = asObject(root.topics, file, 'topics');
  const entries = Object.entries(topics);
  if (entries.length === 0) throw new ConfigError(`${file}: "topics" is empty`, { file });
  return entries.map(([topic, raw]) => {
    const where = `topics.${topic}`;
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic)) {
      throw new ConfigError(`${file}: ${where}: not a valid Kafka topic name`, { file, topic });
    }
    const entry = { ...defaults, ...asObject(raw, file, where) };
    const schemaFile = path.resolve(options.schemasDir, asString(entry.schema, file, `${where}.schema`));
    const schema = asObject(readJson(schemaFile), schemaFile, '(root)');
    try {
      avroTypeFor(schema as Schema);
    } catch (err) {
      throw new ConfigError(
        `${schemaFile}: not a valid Avro schema: ${(err as Error).message}`,
        { schemaFile },
        err,
      );
    }
    const keyField = asString(entry.key, file, `${where}.key`);
    const fields = Array.isArray(schema.fields) ? (schema.fields as { name?: unknown }[]) : [];
    if (!fields.some((field) => field.name === keyField)) {
      throw new ConfigError(`${file}: ${where}.key: "${keyField}" is not a field of ${schemaFile}`, {
        file,
        topic,
      });
    }
    const compatibility = entry.compatibility;
    if (!compatibilityLevels.includes(compatibility as CompatibilityLevel)) {
      throw new ConfigError(
        `${file}: ${where}.compatibility: expected one of ${compatibilityLevels.join(', ')}, got ${JSON.stringify(compatibility)}`,
        { file, topic },
      );
    }
    const config = asObject(entry.config ?? {}, file, `${where}.config`);
    for (const [name, value] of Object.entries(config)) {
      // Kafka takes every topic config as a string; a number here would be a silent type mismatch later.
      asString(value, file, `${where}.config.${name}`);
    }
    return {
      topic,
      subject: `${topic}-value`,
      schema,
      schemaFile,
      keyField,
      partitions: asPositiveInt(entry.partitions, file, `${where}.partitions`),
      replicationFactor: asPositiveInt(entry.replicationFactor, file, `${where}.replicationFactor`),
      config: config as Record<string, string>,
      compatibility: compatibility as CompatibilityLevel,
    };
  });
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot be read: ${(err as Error).message}`, { file }, err);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON: ${(err as Error).message}`, { file }, err);
  }
}

function asObject(value: unknown, file: string, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${file}: ${where}: expected an object`, { file, where });
  }
  return value as Record<string, unknown>;
}

function asString(value: unknown, file: string, where: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ConfigError(`${file}: ${where}: expected a non-empty string, got ${JSON.stringify(value)}`, {
      file,
      where,
    });
  }
  return value;
}

function asPositiveInt(value: unknown, file: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${file}: ${where}: expected a positive integer, got ${JSON.stringify(value)}`, {
      file,
      where,
    });
  }
  return value;
}
