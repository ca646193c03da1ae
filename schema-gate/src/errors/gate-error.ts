/**
 * The compatibility gate's errors: its closed list of codes and its subclass of the repository's
 * one error base class. Schema and topics.json problems are the contracts package's
 * `ContractError`; registry failures are the runtime's `RegistryError`.
 */
import { EventSystemError } from '@contract-events/contracts';

/** Codes of the schema-gate package. */
export const gateErrorCodes = [
  'UNKNOWN_COMPATIBILITY_LEVEL',
  'GIT_FAILED',
  'USAGE',
  'FIELD_MATCH_AMBIGUOUS',
  'REPLAY_FAILED',
] as const;

/** A code from {@link gateErrorCodes}. */
export type GateErrorCode = (typeof gateErrorCodes)[number];

/**
 * A level name that is not a level, a git command that failed (missing ref, not a repository),
 * bad command-line arguments, or a pair of schemas Avro itself refuses to resolve (a reader field
 * whose name and aliases match several writer fields), or a replay that cannot start (its topic does
 * not exist). Never retriable.
 */
export class GateError extends EventSystemError<GateErrorCode> {
  constructor(message: string, code: GateErrorCode, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { code, retriable: false, details, cause });
  }
}
