/**
 * The headers of a published event: one value for each header `eventHeaders` (in
 * @contract-events/contracts, the list codegen documents) declares. The mapped type makes a header
 * added there without a value here a compile error.
 */
import { eventHeaders } from '@contract-events/contracts';

/** What a header's value may be computed from. */
export interface EventHeaderSource {
  readonly event: { readonly event_id: string };
}

const valueOf: { readonly [K in keyof typeof eventHeaders]: (source: EventHeaderSource) => string } = {
  eventId: ({ event }) => event.event_id,
};

/** The record headers of an event, by wire name. */
export function eventHeadersOf(source: EventHeaderSource): Record<string, string> {
  const keys = Object.keys(eventHeaders) as (keyof typeof eventHeaders)[];
  return Object.fromEntries(keys.map((key) => [eventHeaders[key].name, valueOf[key](source)]));
}
