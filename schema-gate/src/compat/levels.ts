/**
 * Compatibility levels, named and defined as in the Confluent schema registry.
 */
import { compatibilityLevels, type CompatibilityLevel } from '@contract-events/contracts';
import { GateError } from '../errors/gate-error';

/** All supported levels: the registry's own names, shared with `schemas:register`. */
export const COMPATIBILITY_LEVELS = compatibilityLevels;

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
 * Parses a level name, case-insensitively.
 * @throws GateError `UNKNOWN_COMPATIBILITY_LEVEL` for anything else.
 */
export function parseCompatibilityLevel(value: string): CompatibilityLevel {
  const upper = value.trim().toUpperCase();
  const found = COMPATIBILITY_LEVELS.find((level) => level === upper);
  if (!found) {
    throw new GateError(
      `unknown compatibility level: ${JSON.stringify(value)}`,
      'UNKNOWN_COMPATIBILITY_LEVEL',
      {
        level: value,
      },
    );
  }
  return found;
}
