/**
 * The compatibility levels of the Confluent Schema Registry API: what `topics.json` declares, what
 * the registry is told (`schemas:register`) and what the offline gate (schema-gate) implements.
 */
import { ContractError } from './errors';

/** Compatibility levels of the Confluent API. */
export const compatibilityLevels = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;

/** A level from {@link compatibilityLevels}. */
export type CompatibilityLevel = (typeof compatibilityLevels)[number];

/** Options of {@link parseCompatibilityLevel}. */
export interface ParseCompatibilityLevelOptions {
  /**
   * Accept any case and surrounding spaces (`backward` → `BACKWARD`), for command-line flags.
   * Files (`topics.json`) leave it off: there the level is written exactly as the registry names it.
   */
  ignoreCase?: boolean;
}

/**
 * THE parser of compatibility level names, shared by the topics.json reader (exact) and the gate's
 * `--level` flag (ignoring case).
 *
 * @throws ContractError `UNKNOWN_COMPATIBILITY_LEVEL` when `text` is not a level name (or not a
 *   string); the message lists the levels and what was given, details carry `level`.
 */
export function parseCompatibilityLevel(
  text: unknown,
  options: ParseCompatibilityLevelOptions = {},
): CompatibilityLevel {
  const wanted = typeof text === 'string' && options.ignoreCase === true ? text.trim().toUpperCase() : text;
  const found = compatibilityLevels.find((level) => level === wanted);
  if (found === undefined) {
    throw new ContractError(
      `expected one of ${compatibilityLevels.join(', ')}${options.ignoreCase === true ? ' (any case)' : ''}, got ${JSON.stringify(text)}`,
      'UNKNOWN_COMPATIBILITY_LEVEL',
      { level: text },
    );
  }
  return found;
}
