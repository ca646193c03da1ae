/**
 * The headers of a published event: one value for each header `eventHeaders` (in
 * @contract-events/contracts, the list codegen documents) declares. The mapped type makes a header
 * added there without a value here a compile error. Computed at enqueue and stored with the outbox
 * row; the relay adds the trace context (`traceHeaders`) when it sends.
 */
import { AVRO_CONTENT_TYPE, CLOUDEVENTS_SPEC_VERSION, eventHeaders } from '@contract-events/contracts';
import { topicSchemas, type TopicName } from '../generated';

/** What a header's value may be computed from. */
export interface EventHeaderSource {
  readonly topic: TopicName;
  readonly event: { readonly event_id: string; readonly occurred_at: Date };
  /** The producing service as a URI reference (CloudEvents `source`), e.g. `/order-service`. */
  readonly source: string;
}

/** The Avro full name (`namespace.name`) of a topic's value schema: the CloudEvents `type`. */
export function eventTypeOf(topic: TopicName): string {
  const schema = topicSchemas[topic];
  return `${schema.namespace}.${schema.name}`;
}

const valueOf: { readonly [K in keyof typeof eventHeaders]: (source: EventHeaderSource) => string } = {
  eventId: ({ event }) => event.event_id,
  ceSpecVersion: () => CLOUDEVENTS_SPEC_VERSION,
  ceId: ({ event }) => event.event_id,
  ceSource: ({ source }) => source,
  ceType: ({ topic }) => eventTypeOf(topic),
  ceTime: ({ event }) => event.occurred_at.toISOString(),
  contentType: () => AVRO_CONTENT_TYPE,
};

/** The record headers of an event, by wire name. */
export function eventHeadersOf(source: EventHeaderSource): Record<string, string> {
  const keys = Object.keys(eventHeaders) as (keyof typeof eventHeaders)[];
  return Object.fromEntries(keys.map((key) => [eventHeaders[key].name, valueOf[key](source)]));
}
