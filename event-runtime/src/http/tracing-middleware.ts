import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { Context, Next } from 'koa';
import { contextFromHeaders } from '../observability/tracing';

/** Probes are polled every few seconds: tracing them would bury the requests that matter. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * A server span per request, child of the caller's W3C `traceparent` when it sends one, and active
 * while the request runs: the queries it makes and the events it enqueues (whose rows keep its
 * context for the relay) belong to its trace. Named `METHOD /route/:pattern` once routed.
 *
 * Why not @opentelemetry/instrumentation-http and -koa: they patch Node's http module and Koa
 * globally when loaded, while each service here has its own tracer provider (two services can share
 * a process in tests); a middleware is the per-app equivalent of what we need.
 */
export function tracingMiddleware(tracer: Tracer) {
  return async function traceRequest(ctx: Context, next: Next): Promise<void> {
    if (UNTRACED_PATHS.has(ctx.path)) return next();
    const parent = contextFromHeaders(ctx.req.headers);
    const span = tracer.startSpan(
      ctx.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': ctx.method, 'url.path': ctx.path },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      if (typeof route === 'string') {
        span.updateName(`${ctx.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', ctx.status);
      if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
