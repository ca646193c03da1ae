/**
 * Compatibility levels on top of schema resolution: which directions to resolve and against
 * which earlier versions.
 */
import { parseAvroSchema } from '@contract-events/contracts';
import { type CompatibilityLevel, levelRule } from './levels';
import { type CompatibilityBreak, resolveSchemas } from './resolve';

/** Schema text (JSON) or decoded schema JSON. */
export type SchemaInput = string | object;

/** An earlier version of a schema, with a label used in reports (a commit, a file, "v1"). */
export interface SchemaVersion {
  readonly schema: SchemaInput;
  readonly label: string;
}

/** Options for the checks. */
export interface CheckOptions {
  /** First path segment of every break, e.g. the topic name. Defaults to the schema's name. */
  readonly rootPath?: string;
}

/** Outcome of a check. */
export interface CompatibilityResult {
  readonly level: CompatibilityLevel;
  readonly compatible: boolean;
  readonly breaks: readonly CompatibilityBreak[];
  /** Labels of the versions the new schema was actually compared with. */
  readonly checkedAgainst: readonly string[];
}

/**
 * Checks `newSchema` against one earlier schema at `level`. Transitive levels behave like
 * their plain form here; use {@link checkAgainstVersions} to pass the whole history.
 * @throws ContractError `SCHEMA_INVALID` when either schema does not parse.
 */
export function checkCompatibility(
  oldSchema: SchemaInput,
  newSchema: SchemaInput,
  level: CompatibilityLevel,
  options: CheckOptions = {},
): CompatibilityResult {
  return checkAgainstVersions([{ schema: oldSchema, label: 'old' }], newSchema, level, options);
}

/**
 * Checks `newSchema` against earlier versions, oldest first. Non-transitive levels use only the
 * last (latest) version, transitive levels use all of them, as the Confluent registry does.
 * @throws ContractError `SCHEMA_INVALID` when any schema does not parse.
 */
export function checkAgainstVersions(
  previous: readonly SchemaVersion[],
  newSchema: SchemaInput,
  level: CompatibilityLevel,
  options: CheckOptions = {},
): CompatibilityResult {
  const next = parseAvroSchema(newSchema, 'new schema').root;
  const rule = levelRule(level);
  const latest = previous.at(-1);
  const targets = level === 'NONE' || !latest ? [] : rule.transitive ? previous : [latest];
  const rootPath = options.rootPath ?? ('name' in next ? next.name : '$');
  const breaks: CompatibilityBreak[] = [];
  for (const version of targets) {
    const old = parseAvroSchema(version.schema, version.label).root;
    const tag = rule.transitive ? { against: version.label } : {};
    if (rule.backward) {
      breaks.push(...resolveSchemas(next, old, 'BACKWARD', rootPath).map((b) => ({ ...b, ...tag })));
    }
    if (rule.forward) {
      breaks.push(...resolveSchemas(old, next, 'FORWARD', rootPath).map((b) => ({ ...b, ...tag })));
    }
  }
  return {
    level,
    compatible: breaks.length === 0,
    breaks,
    checkedAgainst: targets.map((v) => v.label),
  };
}
