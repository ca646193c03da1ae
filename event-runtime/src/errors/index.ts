/**
 * The event runtime's errors: its closed set of codes and the classes that carry them. The base
 * class, {@link EventSystemError}, is the repository's one hierarchy (`@contract-events/contracts`).
 * A folder of its own so that every other folder imports it and it imports none of them. The HTTP
 * kit's client-facing codes live with it (`http/http-error.ts`), a service's own HTTP codes in the
 * service.
 */
import { EventSystemError } from '@contract-events/contracts';

export {
  EventSystemError,
  isEventSystemError,
  type EventSystemErrorOptions,
} from '@contract-events/contracts';

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
] as const;

/** A code from {@link decodeErrorCodes}. */
export type DecodeErrorCode = (typeof decodeErrorCodes)[number];

/** Every error code the event runtime raises outside HTTP (the HTTP kit has its own list). */
export const eventRuntimeErrorCodes = [
  'EVENT_SCHEMA_MISMATCH',
  'INVALID_EVENT',
  'SCHEMA_NOT_REGISTERED',
  'REGISTRY_UNAVAILABLE',
  'REGISTRY_REJECTED',
  'REGISTRY_AUTH_FAILED',
  'REGISTRY_TLS_FAILED',
  'KAFKA_UNAVAILABLE',
  'KAFKA_AUTH_FAILED',
  'KAFKA_REJECTED',
  'TOPIC_NOT_FOUND',
  'PARTITION_NOT_FOUND',
  ...decodeErrorCodes,
  'CONFIG_INVALID',
] as const;

/** A code from {@link eventRuntimeErrorCodes}. */
export type EventRuntimeErrorCode = (typeof eventRuntimeErrorCodes)[number];

/** One field that failed validation: where, and why in words a person can act on. */
export interface FieldError {
  /** Dotted path from the record, e.g. `order_created.amount`. */
  path: string;
  message: string;
}

/**
 * An event about to be produced does not match its Avro schema; `fieldErrors` lists every offending
 * field. Code `EVENT_SCHEMA_MISMATCH`: the producer's bug, unlike `INVALID_EVENT`, which is a
 * consumer's handler refusing an event (`InvalidEventError`, dead-lettered under that code).
 */
export class EventValidationError extends EventSystemError<'EVENT_SCHEMA_MISMATCH'> {
  readonly fieldErrors: readonly FieldError[];

  constructor(topic: string, fieldErrors: readonly FieldError[]) {
    super(`Invalid ${topic} event: ${fieldErrors.map((e) => e.message).join('; ')}`, {
      code: 'EVENT_SCHEMA_MISMATCH',
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
  | 'SCHEMA_NOT_REGISTERED'
  | 'REGISTRY_UNAVAILABLE'
  | 'REGISTRY_REJECTED'
  | 'REGISTRY_AUTH_FAILED'
  | 'REGISTRY_TLS_FAILED'
>;

/**
 * The schema registry could not be reached, answered that what we asked for does not exist, refused
 * our credentials (`REGISTRY_AUTH_FAILED`, HTTP 401/403) or could not be trusted (`REGISTRY_TLS_FAILED`).
 */
export class RegistryError extends EventSystemError<RegistryErrorCode> {
  constructor(message: string, code: RegistryErrorCode, details?: Record<string, unknown>, cause?: unknown) {
    // Only an unreachable or failing registry can get better by itself.
    super(message, { code, retriable: code === 'REGISTRY_UNAVAILABLE', details, cause });
  }
}

/**
 * The drift guard: the schema a build was generated from is not among the versions registered under
 * its subject. Code `SCHEMA_NOT_REGISTERED`, never retriable; `details` name the subject, the
 * generated schema's fingerprint (`generatedFingerprint`), the latest registered one
 * (`registeredFingerprint`, absent when the subject has no version) and every version's.
 */
export class SchemaNotRegisteredError extends RegistryError {
  readonly subject: string;
  readonly generatedFingerprint: string;
  readonly registeredFingerprint: string | undefined;

  constructor(
    message: string,
    details: {
      topic: string;
      subject: string;
      generatedFingerprint: string;
      registeredFingerprint: string | undefined;
      registeredVersions: { version: number; id: number; fingerprint: string }[];
    },
    cause?: unknown,
  ) {
    super(message, 'SCHEMA_NOT_REGISTERED', details, cause);
    this.subject = details.subject;
    this.generatedFingerprint = details.generatedFingerprint;
    this.registeredFingerprint = details.registeredFingerprint;
  }
}

/** Codes a {@link KafkaError} can carry. */
export type KafkaErrorCode = Extract<
  EventRuntimeErrorCode,
  'KAFKA_UNAVAILABLE' | 'KAFKA_AUTH_FAILED' | 'KAFKA_REJECTED'
>;

/**
 * Kafka could not be reached (retriable), refused our credentials or permissions, or refused the
 * request itself (neither of the last two gets better by waiting).
 */
export class KafkaError extends EventSystemError<KafkaErrorCode> {
  constructor(message: string, code: KafkaErrorCode, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { code, retriable: code === 'KAFKA_UNAVAILABLE', details, cause });
  }
}

/** Codes a {@link TopicReadError} can carry. */
export type TopicReadErrorCode = Extract<EventRuntimeErrorCode, 'TOPIC_NOT_FOUND' | 'PARTITION_NOT_FOUND'>;

/** A tool asked to read a topic, or a partition of it, that Kafka does not have (`transport/topic-reader.ts`). */
export class TopicReadError extends EventSystemError<TopicReadErrorCode> {
  constructor(message: string, code: TopicReadErrorCode, details?: Record<string, unknown>) {
    super(message, { code, retriable: false, details });
  }
}

/** A configuration value is missing or malformed; `EnvReader` lists every bad variable at once. */
export class ConfigError extends EventSystemError<'CONFIG_INVALID'> {
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { code: 'CONFIG_INVALID', retriable: false, details, cause });
  }
}
