/**
 * The outbox's part of tracing: the writing transaction's trace context is stored with the row
 * (enqueue), and the relay sends each row in a `send <topic>` span, child of that stored context,
 * whose own context goes into the record's `traceparent`/`tracestate` headers. With tracing off
 * the span records nothing and the stored context passes through unchanged.
 */
import { SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import {
  activeTraceHeaders,
  contextFromHeaders,
  traceHeadersOf,
  TRACING_OFF,
} from '../observability/tracing';
import type { OutgoingMessage } from '../transport/types';
import type { OutboxRow } from './outbox-store';

/** The trace context columns of a row enqueued now: the active span's (the HTTP request's). */
export function outboxTraceContext(): Pick<OutboxRow, 'traceparent' | 'tracestate'> {
  const { traceparent, tracestate } = activeTraceHeaders();
  return { traceparent: traceparent ?? null, tracestate: tracestate ?? null };
}

/** A batch's records with their trace headers, and the end of their send spans. */
export interface TracedSend {
  messages: OutgoingMessage[];
  /** Ends every span: in error when the send failed (`err`). */
  end(err?: unknown): void;
}

/** One `send <topic>` producer span per row, and the record carrying its context. */
export function tracedSend(tracer: Tracer, rows: OutboxRow[]): TracedSend {
  if (tracer === TRACING_OFF.tracer) return { messages: rows.map(withStoredContext), end: () => undefined };
  const spans: Span[] = [];
  const messages = rows.map((r): OutgoingMessage => {
    const stored = contextFromHeaders({
      traceparent: r.traceparent ?? undefined,
      tracestate: r.tracestate ?? undefined,
    });
    const span = tracer.startSpan(
      `send ${r.topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': r.topic,
          'messaging.message.id': r.event_id,
        },
      },
      stored,
    );
    spans.push(span);
    const headers = { ...r.headers, ...traceHeadersOf(trace.setSpan(stored, span)) };
    return { topic: r.topic, key: r.key, value: r.value, headers };
  });
  return {
    messages,
    end(err) {
      for (const span of spans) {
        if (err !== undefined) {
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        }
        span.end();
      }
    },
  };
}

/** Tracing off: the record carries the stored context as it is, and no span is made. */
function withStoredContext(r: OutboxRow): OutgoingMessage {
  const headers = { ...r.headers };
  if (r.traceparent) headers.traceparent = r.traceparent;
  if (r.tracestate) headers.tracestate = r.tracestate;
  return { topic: r.topic, key: r.key, value: r.value, headers };
}
