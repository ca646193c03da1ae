/**
 * Reads schemas/topics.json: which topics exist, their value schema file, key field and
 * compatibility level.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TopicsConfigError } from './errors';
import { type CompatibilityLevel, parseCompatibilityLevel } from './compat/levels';

/** One topic's entry, with defaults applied. */
export interface TopicEntry {
  readonly topic: string;
  /** Schema file name relative to the schemas directory, e.g. `user_created.avsc`. */
  readonly schemaFile: string;
  readonly key: string;
  readonly compatibility: CompatibilityLevel;
}

/** The level used when neither the topic nor `defaults` names one. */
export const DEFAULT_COMPATIBILITY: CompatibilityLevel = 'FULL_TRANSITIVE';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates the decoded contents of topics.json. Topics come back sorted by name so that
 * everything built from them is deterministic.
 * @throws TopicsConfigError when the structure is wrong.
 */
export function parseTopicsConfig(json: unknown, source = 'topics.json'): TopicEntry[] {
  if (!isObject(json) || !isObject(json['topics'])) {
    throw new TopicsConfigError(`${source}: expected an object with a "topics" object`);
  }
  const defaults = isObject(json['defaults']) ? json['defaults'] : {};
  const entries: TopicEntry[] = [];
  for (const [topic, raw] of Object.entries(json['topics'])) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(topic)) {
      throw new TopicsConfigError(`${source}: topic name ${JSON.stringify(topic)} is not a valid identifier`);
    }
    if (!isObject(raw)) throw new TopicsConfigError(`${source}: topic ${topic} must be an object`);
    const schemaFile = raw['schema'];
    const key = raw['key'];
    if (typeof schemaFile !== 'string' || schemaFile.includes('..') || path.isAbsolute(schemaFile)) {
      throw new TopicsConfigError(`${source}: topic ${topic} needs "schema": a file name in the schemas dir`);
    }
    if (typeof key !== 'string') throw new TopicsConfigError(`${source}: topic ${topic} needs a "key" field`);
    const level = raw['compatibility'] ?? defaults['compatibility'] ?? DEFAULT_COMPATIBILITY;
    let compatibility: CompatibilityLevel;
    try {
      compatibility = parseCompatibilityLevel(String(level));
    } catch (err) {
      throw new TopicsConfigError(`${source}: topic ${topic}: ${(err as Error).message}`, { cause: err });
    }
    entries.push({ topic, schemaFile, key, compatibility });
  }
  if (entries.length === 0) throw new TopicsConfigError(`${source}: no topics`);
  return entries.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

/**
 * Reads and validates `<schemasDir>/topics.json`.
 * @throws TopicsConfigError when the file is missing, not JSON or malformed.
 */
export function readTopicsConfig(schemasDir: string): TopicEntry[] {
  const file = path.join(schemasDir, 'topics.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new TopicsConfigError(`${file}: cannot read: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TopicsConfigError(`${file}: invalid JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseTopicsConfig(json, file);
}
