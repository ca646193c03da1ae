/**
 * Compatibility levels, named and defined as in the Confluent schema registry.
 */
import { type CompatibilityLevel, parseCompatibilityLevel as parseLevel } from '@contract-events/contracts';
import { GateError } from '../errors/gate-error';

export type { CompatibilityLevel };

/** Which resolution directions a level requires, and whether against every earlier version. */
export interface LevelRule {
  /** New schema as reader must read data written with the old schema. */
  readonly backward: boolean;
  /** Old schema as reader must read data written with the new schema. */
  readonly forward: boolean;
  /** Check against all previous versions rather than only the latest. */
  readonly transitive: boolean;
}

/** Decomposes a level into directions. */
export function levelRule(level: CompatibilityLevel): LevelRule {
  return {
    backward: level.startsWith('BACKWARD') || level.startsWith('FULL'),
    forward: level.startsWith('FORWARD') || level.startsWith('FULL'),
    transitive: level.endsWith('_TRANSITIVE'),
  };
}

/**
 * Parses a level name from the command line (`--level backward`), case-insensitively, with the
 * contracts package's one parser.
 * @throws GateError `UNKNOWN_COMPATIBILITY_LEVEL` for anything else, wrapping the contracts error.
 */
export function parseCompatibilityLevel(value: string): CompatibilityLevel {
  try {
    return parseLevel(value, { ignoreCase: true });
  } catch (err) {
    throw new GateError(
      `unknown compatibility level: ${(err as Error).message}`,
      'UNKNOWN_COMPATIBILITY_LEVEL',
      { level: value },
      err,
    );
  }
}
