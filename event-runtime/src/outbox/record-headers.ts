/**
 * The headers every record the relay publishes carries, in one place: the outbox writes them, the
 * relay adds the trace context, and the AsyncAPI document lists them from {@link RECORD_HEADERS}.
 *
 * Beside the Avro value, the CloudEvents Kafka protocol binding in binary mode (CloudEvents 1.0):
 * the event's attributes as `ce_` headers and its data content type as `content-type`, so any
 * CloudEvents reader (e.g. the `cloudevents` SDK's `Kafka.toEvent`) sees each record as an event
 * without knowing our contracts. The value stays the registry-framed Avro bytes.
 */
import { topicSchemas, type TopicEvents, type TopicName } from '../generated';

/**
 * The `content-type` (CloudEvents `datacontenttype`) of our values: Avro binary encoding
 * (`application/vnd.apache.avro+binary`, the media type the Avro and CloudEvents communities use for
 * it), with a `framing` parameter saying the body is the schema registry's wire format (magic byte 0,
 * the writer schema's 4-byte id, then the Avro bytes) rather than bare Avro.
 */
export const AVRO_CONTENT_TYPE = 'application/vnd.apache.avro+binary; framing=confluent';

/** The CloudEvents spec version our `ce_specversion` names. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** One header a record carries: its name, when it is there, and what it holds. */
export interface RecordHeader {
  name: string;
  required: boolean;
  description: string;
}

/** Every header our records carry, in the order a document lists them. */
export const RECORD_HEADERS: readonly RecordHeader[] = [
  { name: 'event_id', required: true, description: "The event's `event_id` (the consumers' inbox key)." },
  { name: 'ce_specversion', required: true, description: 'CloudEvents spec version: `1.0`.' },
  { name: 'ce_id', required: true, description: "CloudEvents `id`: the event's `event_id`." },
  {
    name: 'ce_source',
    required: true,
    description: 'CloudEvents `source`: the producing service, as a URI reference (`/order-service`).',
  },
  {
    name: 'ce_type',
    required: true,
    description:
      "CloudEvents `type`: the Avro schema's full name (`com.contractevents.events.OrderCreated`).",
  },
  {
    name: 'ce_time',
    required: true,
    description: "CloudEvents `time`: the event's `occurred_at`, RFC 3339.",
  },
  {
    name: 'content-type',
    required: true,
    description: `CloudEvents \`datacontenttype\` of the value: \`${AVRO_CONTENT_TYPE}\`.`,
  },
  {
    name: 'traceparent',
    required: false,
    description: 'W3C trace context of the request that wrote the event (absent when it was not traced).',
  },
  { name: 'tracestate', required: false, description: 'W3C trace state, when the trace has one.' },
];

/** The names of {@link RECORD_HEADERS}. */
export const RECORD_HEADER_NAMES: readonly string[] = RECORD_HEADERS.map((h) => h.name);

/** The Avro full name (`namespace.name`) of a topic's value schema: the CloudEvents `type`. */
export function eventTypeOf(topic: TopicName): string {
  const schema = topicSchemas[topic];
  return `${schema.namespace}.${schema.name}`;
}

/**
 * The headers an event's record carries, but the trace context (the relay adds it): computed at
 * enqueue time and stored with the row. `source` is the producing service's URI reference.
 */
export function eventHeaders<T extends TopicName>(
  topic: T,
  event: TopicEvents[T],
  source: string,
): Record<string, string> {
  return {
    event_id: event.event_id,
    ce_specversion: CLOUDEVENTS_SPEC_VERSION,
    ce_id: event.event_id,
    ce_source: source,
    ce_type: eventTypeOf(topic),
    ce_time: event.occurred_at.toISOString(),
    'content-type': AVRO_CONTENT_TYPE,
  };
}
