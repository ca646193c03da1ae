/**
 * THE list of the Kafka record headers the system writes, with what each holds. The runtime sets
 * them (the outbox for every event, the consumer for dead letters, `dlq:replay` for its attempt
 * count) and codegen documents them (docs/asyncapi.yaml, docs/events.md) from these same constants:
 * a header added here is written and documented, never one without the other.
 */

/** JSON Schema of a header's value. Kafka header values are bytes; ours are always UTF-8 text. */
export interface RecordHeaderSchema {
  readonly type: 'string';
  /** JSON Schema `format`, e.g. `uuid`, `date-time`. */
  readonly format?: string;
  /** A regular expression the value matches, e.g. `^[0-9]+$` for a number written as text. */
  readonly pattern?: string;
}

/** One record header: its name on the wire, what it holds, and whether every record has it. */
export interface RecordHeader {
  readonly name: string;
  readonly description: string;
  readonly schema: RecordHeaderSchema;
  /** True when every record of its kind carries it. */
  readonly required: boolean;
}

/**
 * Headers of every event the outbox publishes. The runtime must give each a value
 * (`event-runtime/src/outbox/event-headers.ts` has one entry per key, checked by the compiler).
 */
export const eventHeaders = {
  eventId: {
    name: 'event_id',
    description:
      "The event's own `event_id` field, readable without decoding the value (tools, logs, dead letters).",
    schema: { type: 'string', format: 'uuid' },
    required: true,
  },
} as const satisfies Record<string, RecordHeader>;

/** Headers a dead letter (`<topic>.dlq`) carries on top of the original record's own headers. */
export const deadLetterHeaders = {
  errorCode: {
    name: 'dlq-error-code',
    description:
      'Code of the error that made the record impossible to apply, e.g. `UNKNOWN_SCHEMA_ID` or `INVALID_EVENT`.',
    schema: { type: 'string' },
    required: true,
  },
  errorMessage: {
    name: 'dlq-error-message',
    description: 'The error message, at most 1000 characters, email addresses redacted.',
    schema: { type: 'string' },
    required: true,
  },
  sourceTopic: {
    name: 'dlq-source-topic',
    description: 'Topic the record was read from; `dlq:replay` sends it back there.',
    schema: { type: 'string' },
    required: true,
  },
  sourcePartition: {
    name: 'dlq-source-partition',
    description: 'Partition the record was read from, as decimal text.',
    schema: { type: 'string', pattern: '^[0-9]+$' },
    required: true,
  },
  sourceOffset: {
    name: 'dlq-source-offset',
    description: "The record's offset in its source partition, as decimal text.",
    schema: { type: 'string', pattern: '^[0-9]+$' },
    required: true,
  },
  failedAt: {
    name: 'dlq-failed-at',
    description: 'When the consumer gave up on the record (ISO 8601, UTC).',
    schema: { type: 'string', format: 'date-time' },
    required: true,
  },
  replayAttempts: {
    name: 'dlq-replay-attempts',
    description:
      'How many times `npm run dlq:replay` found the letter still failing and put it back; absent before the first.',
    schema: { type: 'string', pattern: '^[0-9]+$' },
    required: false,
  },
} as const satisfies Record<string, RecordHeader>;
