import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import type { Knex } from 'knex';
import { isInsideRecordingSpan } from '../observability/tracing';

/** What knex's query events carry (the part read here). */
interface QueryData {
  __knexQueryUid: string;
  method?: string;
  sql: string;
}

/**
 * A client span per query run inside a traced operation (an HTTP request, an event's handler), from
 * knex's own query events: the statement with its placeholders (never the values, which can be
 * personal data). Queries outside any span (the relay's polling, housekeeping) start no trace.
 *
 * Why not @opentelemetry/instrumentation-knex or -pg: they patch the modules globally when loaded,
 * while each service here has its own tracer provider (two services can share a process in tests).
 */
export function traceQueries(db: Knex, tracer: Tracer): void {
  const open = new Map<string, Span>();
  const end = (query: QueryData, err?: Error): void => {
    const span = open.get(query.__knexQueryUid);
    if (!span) return;
    open.delete(query.__knexQueryUid);
    if (err) {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    }
    span.end();
  };
  db.on('query', (query: QueryData) => {
    if (!isInsideRecordingSpan()) return;
    const operation = query.method ?? 'query';
    const span = tracer.startSpan(`postgresql ${operation}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        'db.query.text': query.sql,
      },
    });
    open.set(query.__knexQueryUid, span);
  });
  db.on('query-response', (_response: unknown, query: QueryData) => end(query));
  db.on('query-error', (err: Error, query: QueryData) => end(query, err));
}
