/**
 * Typed errors of the event runtime: a closed set of codes, whether a retry can help, and the cause.
 *
 * Callers branch on `code` and `retriable`, never on message text: the consumer's retry-or-dead-letter
 * decision and the HTTP error middleware both read these two fields.
 */

/**
 * Every error code the event runtime raises. Later layers (HTTP, domain) build their own list as
 * `[...eventRuntimeErrorCodes, 'NOT_FOUND', ...] as const` and widen {@link EventSystemError} with it.
 */
export const eventRuntimeErrorCodes = [
  'INVALID_EVENT',
  'SCHEMA_NOT_REGISTERED',
  'REGISTRY_UNAVAILABLE',
  'REGISTRY_REJECTED',
  'KAFKA_UNAVAILABLE',
  'EMPTY_MESSAGE',
  'MESSAGE_TOO_SHORT',
  'BAD_MAGIC_BYTE',
  'UNKNOWN_SCHEMA_ID',
  'TRUNCATED_MESSAGE',
  'TRAILING_BYTES',
  'MALFORMED_BODY',
  'SCHEMA_RESOLUTION_FAILED',
  'CONFIG_INVALID',
] as const;

/** A code from {@link eventRuntimeErrorCodes}. */
export type EventRuntimeErrorCode = (typeof eventRuntimeErrorCodes)[number];

/** Codes that mean the bytes of one message can never be decoded: retrying cannot help. */
export const decodeErrorCodes = [
  'EMPTY_MESSAGE',
  'MESSAGE_TOO_SHORT',
  'BAD_MAGIC_BYTE',
  'UNKNOWN_SCHEMA_ID',
  'TRUNCATED_MESSAGE',
  'TRAILING_BYTES',
  'MALFORMED_BODY',
  'SCHEMA_RESOLUTION_FAILED',
] as const satisfies readonly EventRuntimeErrorCode[];

/** A code from {@link decodeErrorCodes}. */
export type DecodeErrorCode = (typeof decodeErrorCodes)[number];

/** What every {@link EventSystemError} constructor takes besides its message. */
export interface EventSystemErrorOptions<C extends string = EventRuntimeErrorCode> {
  code: C;
  /** True when the same operation may succeed later (a dependency was down), false when it never will. */
  retriable: boolean;
  /** Structured facts for logs and API responses; never secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * Base of every error the system raises on purpose.
 *
 * The code type is a parameter so that other packages can reuse this class with a wider closed union
 * without casting.
 */
export class EventSystemError<C extends string = EventRuntimeErrorCode> extends Error {
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
export function isEventSystemError<C extends string = EventRuntimeErrorCode>(
  err: unknown,
  ...codes: C[]
): err is EventSystemError<C> {
  return err instanceof EventSystemError && (codes.length === 0 || codes.includes(err.code as C));
}

/** One field that failed validation: where, and why in words a person can act on. */
export interface FieldError {
  /** Dotted path from the record, e.g. `order_created.amount`. */
  path: string;
  message: string;
}

/** An event did not match its Avro schema; `fieldErrors` lists every offending field. */
export class EventValidationError extends EventSystemError<'INVALID_EVENT'> {
  readonly fieldErrors: readonly FieldError[];

  constructor(topic: string, fieldErrors: readonly FieldError[]) {
    super(`Invalid ${topic} event: ${fieldErrors.map((e) => e.message).join('; ')}`, {
      code: 'INVALID_EVENT',
      retriable: false,
      details: { topic, fieldErrors },
    });
    this.fieldErrors = fieldErrors;
  }
}

/** The bytes of a message could not be turned into an event. Never retriable. */
export class DecodeError extends EventSystemError<DecodeErrorCode> {
  constructor(message: string, code: DecodeErrorCode, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { code, retriable: false, details, cause });
  }
}

/** Codes a {@link RegistryError} can carry. */
export type RegistryErrorCode = Extract<
  EventRuntimeErrorCode,
  'SCHEMA_NOT_REGISTERED' | 'REGISTRY_UNAVAILABLE' | 'REGISTRY_REJECTED'
>;

/** The schema registry could not be reached, or answered that what we asked for does not exist. */
export class RegistryError extends EventSystemError<RegistryErrorCode> {
  constructor(message: string, code: RegistryErrorCode, details?: Record<string, unknown>, cause?: unknown) {
    // Only an unreachable or failing registry can get better by itself.
    super(message, { code, retriable: code === 'REGISTRY_UNAVAILABLE', details, cause });
  }
}

/** A configuration file or value is missing or malformed. */
export class ConfigError extends EventSystemError<'CONFIG_INVALID'> {
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { code: 'CONFIG_INVALID', retriable: false, details, cause });
  }
}
