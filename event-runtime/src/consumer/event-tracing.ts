/**
 * The consumer's part of tracing: each event's handler runs in a `process <topic>` consumer span
 * whose parent is the context its record carries (the relay's send span), so one trace follows an
 * event from the HTTP request that wrote it to the write its handler makes.
 *
 * One span per event, not per batch: a batch mixes events of many traces, and a span has one parent.
 * The batch's transaction (inbox insert, commit) is shared and so belongs to no single event's trace;
 * each event's span holds its handler and the queries it runs (db/query-tracing.ts).
 */
import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { contextFromHeaders, TRACING_OFF } from '../observability/tracing';
import type { IncomingMessage } from '../transport/types';

/** Runs `work` (an event's handler) in its span; a failure is recorded on the span and rethrown. */
export async function inEventSpan<T>(
  tracer: Tracer,
  message: IncomingMessage,
  eventId: string,
  work: () => Promise<T>,
): Promise<T> {
  // Tracing off: not even the header parsing, on the consumer's hot path.
  if (tracer === TRACING_OFF.tracer) return work();
  const options = {
    kind: SpanKind.CONSUMER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': message.topic,
      'messaging.destination.partition.id': String(message.partition),
      'messaging.kafka.offset': Number(message.offset),
      'messaging.message.id': eventId,
    },
  };
  return tracer.startActiveSpan(
    `process ${message.topic}`,
    options,
    contextFromHeaders(message.headers),
    async (span) => {
      try {
        return await work();
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}
