/**
 * Compatibility levels on top of schema resolution: which directions to resolve and against
 * which earlier versions, and whether semantic findings fail the check.
 */
import { parseAvroSchema } from '@contract-events/contracts';
import { type CompatibilityLevel, levelRule } from './levels';
import { type CompatibilityBreak, type SemanticFinding, dedupe, resolveWithSemantics } from './resolve';

/** Schema text (JSON) or decoded schema JSON. */
export type SchemaInput = string | object;

/** An earlier version of a schema, with a label used in reports (a commit, a file, "v1"). */
export interface SchemaVersion {
  readonly schema: SchemaInput;
  readonly label: string;
}

/**
 * What semantic findings do to the verdict: `warn` reports them and keeps Avro's (the registry's)
 * verdict, `error` makes any of them fail the check.
 */
export type SemanticMode = 'warn' | 'error';

/** Options for the checks. */
export interface CheckOptions {
  /** First path segment of every break, e.g. the topic name. Defaults to the schema's name. */
  readonly rootPath?: string;
  /** Default `warn`: the verdict is exactly Avro's. */
  readonly semantic?: SemanticMode;
}

/** Outcome of a check. */
export interface CompatibilityResult {
  readonly level: CompatibilityLevel;
  /** The verdict: no break and, in `error` mode, no semantic finding. */
  readonly compatible: boolean;
  /** Where resolution fails: Avro's SchemaCompatibility (and the registry) refuses exactly these. */
  readonly breaks: readonly CompatibilityBreak[];
  /** Changes of meaning resolution accepts, once each (not once per direction). */
  readonly semantic: readonly SemanticFinding[];
  readonly semanticMode: SemanticMode;
  /** Labels of the versions the new schema was actually compared with. */
  readonly checkedAgainst: readonly string[];
}

/**
 * Checks `newSchema` against one earlier schema at `level`. Transitive levels behave like
 * their plain form here; use {@link checkAgainstVersions} to pass the whole history.
 * @throws ContractError `SCHEMA_INVALID` when either schema does not parse; GateError
 *   `FIELD_MATCH_AMBIGUOUS` where Avro refuses to resolve the pair.
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
 * @throws ContractError `SCHEMA_INVALID` when any schema does not parse; GateError
 *   `FIELD_MATCH_AMBIGUOUS` where Avro refuses to resolve a pair.
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
  const semanticMode = options.semantic ?? 'warn';
  const breaks: CompatibilityBreak[] = [];
  const semantic: SemanticFinding[] = [];
  for (const version of targets) {
    const old = parseAvroSchema(version.schema, version.label).root;
    const tag = rule.transitive ? { against: version.label } : {};
    const runs = [
      ...(rule.backward ? [resolveWithSemantics(next, old, 'BACKWARD', rootPath)] : []),
      ...(rule.forward ? [resolveWithSemantics(old, next, 'FORWARD', rootPath)] : []),
    ];
    for (const run of runs) {
      breaks.push(...run.breaks.map((b) => ({ ...b, ...tag })));
      semantic.push(...run.semantic.map((f) => ({ ...f, ...tag })));
    }
  }
  const found = dedupe(semantic);
  return {
    level,
    compatible: breaks.length === 0 && (semanticMode === 'warn' || found.length === 0),
    breaks,
    semantic: found,
    semanticMode,
    checkedAgainst: targets.map((v) => v.label),
  };
}
