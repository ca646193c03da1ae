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
 * The `content-type` (CloudEvents `datacontenttype`) of every event's value: Avro binary encoding
 * (`application/vnd.apache.avro+binary`, the media type the Avro and CloudEvents communities use for
 * it), with a `framing` parameter of our own saying the body is the schema registry's wire format
 * (magic byte 0, the writer schema's 4-byte id, then the Avro bytes) rather than bare Avro: no
 * registered media type names that framing.
 */
export const AVRO_CONTENT_TYPE = 'application/vnd.apache.avro+binary; framing=confluent';

/** The CloudEvents spec version our `ce_specversion` names. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/**
 * Headers of every event the outbox publishes: our own `event_id`, and the CloudEvents Kafka protocol
 * binding in binary mode (CloudEvents 1.0: the attributes as `ce_` headers, the data content type as
 * `content-type`), so any CloudEvents reader sees each record as an event without knowing our
 * contracts. The runtime must give each a value (`event-runtime/src/outbox/event-headers.ts` has one
 * entry per key, checked by the compiler).
 */
export const eventHeaders = {
  eventId: {
    name: 'event_id',
    description:
      "The event's own `event_id` field, readable without decoding the value (tools, logs, dead letters).",
    schema: { type: 'string', format: 'uuid' },
    required: true,
  },
  ceSpecVersion: {
    name: 'ce_specversion',
    description: `CloudEvents \`specversion\`: \`${CLOUDEVENTS_SPEC_VERSION}\`.`,
    schema: { type: 'string' },
    required: true,
  },
  ceId: {
    name: 'ce_id',
    description: "CloudEvents `id`: the event's `event_id`.",
    schema: { type: 'string', format: 'uuid' },
    required: true,
  },
  ceSource: {
    name: 'ce_source',
    description: 'CloudEvents `source`: the producing service as a URI reference, e.g. `/order-service`.',
    schema: { type: 'string', format: 'uri-reference' },
    required: true,
  },
  ceType: {
    name: 'ce_type',
    description:
      "CloudEvents `type`: the Avro schema's full name, e.g. `com.contractevents.events.OrderCreated`.",
    schema: { type: 'string' },
    required: true,
  },
  ceTime: {
    name: 'ce_time',
    description: "CloudEvents `time`: the event's `occurred_at` (RFC 3339, UTC).",
    schema: { type: 'string', format: 'date-time' },
    required: true,
  },
  contentType: {
    name: 'content-type',
    description: `CloudEvents \`datacontenttype\` of the value: \`${AVRO_CONTENT_TYPE}\` (Avro binary in the registry's framing).`,
    schema: { type: 'string' },
    required: true,
  },
} as const satisfies Record<string, RecordHeader>;

/**
 * Headers the relay adds to an event's record when the request that wrote the event was traced (W3C
 * Trace Context): the consumer continues that trace. Absent when tracing is off.
 */
export const traceHeaders = {
  traceparent: {
    name: 'traceparent',
    description:
      'W3C `traceparent` of the span that sent the record, a child of the request that wrote the event.',
    schema: { type: 'string', pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' },
    required: false,
  },
  tracestate: {
    name: 'tracestate',
    description: 'W3C `tracestate`, when the trace has one.',
    schema: { type: 'string' },
    required: false,
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
