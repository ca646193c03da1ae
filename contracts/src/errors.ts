/**
 * The one error hierarchy of the repository: every error raised on purpose is an
 * {@link EventSystemError} with a code from its package's closed list, whether a retry can help,
 * and the cause.
 *
 * Callers branch on `code` and `retriable`, never on message text: the consumer's retry-or-dead-letter
 * decision and the HTTP error middleware both read these two fields. Each package declares its own
 * closed list of codes (`contractErrorCodes` here, `eventRuntimeErrorCodes` in the runtime, ...) and
 * subclasses this class with it.
 */

/** What every {@link EventSystemError} constructor takes besides its message. */
export interface EventSystemErrorOptions<C extends string> {
  code: C;
  /** True when the same operation may succeed later (a dependency was down), false when it never will. */
  retriable: boolean;
  /** Structured facts for logs and API responses; never secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * Base of every error the system raises on purpose. The code type is a parameter so that each
 * package narrows it to its own closed union without casting.
 */
export class EventSystemError<C extends string = string> extends Error {
  readonly code: C;
  readonly retriable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(message: string, options: EventSystemErrorOptions<C>) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable;
    if (options.details !== undefined) this.details = options.details;
  }
}

/** True when `err` is an {@link EventSystemError}, optionally with one of the given codes. */
export function isEventSystemError<C extends string = string>(
  err: unknown,
  ...codes: C[]
): err is EventSystemError<C> {
  return err instanceof EventSystemError && (codes.length === 0 || codes.includes(err.code as C));
}

/**
 * Codes of the contracts package: the files in `schemas/` are wrong, or a compatibility level name
 * given to `parseCompatibilityLevel` is not a level.
 */
export const contractErrorCodes = [
  'TOPICS_CONFIG_INVALID',
  'SCHEMA_INVALID',
  'UNKNOWN_COMPATIBILITY_LEVEL',
] as const;

/** A code from {@link contractErrorCodes}. */
export type ContractErrorCode = (typeof contractErrorCodes)[number];

/**
 * `schemas/topics.json` or a schema it names is missing or malformed, or a level name is unknown.
 * Never retriable.
 */
export class ContractError extends EventSystemError<ContractErrorCode> {
  constructor(message: string, code: ContractErrorCode, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { code, retriable: false, details, cause });
  }
}
