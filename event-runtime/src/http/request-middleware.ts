import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import type { ServiceMetrics } from '../observability/metrics';

/** What the kit puts on `ctx.state` for every request. */
export interface HttpRequestState {
  requestId: string;
  /** Child logger carrying the request id; prefer it over the service logger inside handlers. */
  logger: Logger;
}

// A caller-supplied id is echoed only if it looks like an id, so logs cannot be flooded or forged
// with arbitrary text through the header.
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Label for requests no route matched; one value keeps the metric's cardinality bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The route pattern @koa/router matched (e.g. `/users/:id`), never the raw URL. */
function routeLabel(ctx: Context): string {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof matched === 'string' ? matched : UNMATCHED_ROUTE;
}

/**
 * Request id, one log line per request and the latency histogram. Outermost, so it sees the final
 * status after the error middleware has answered.
 */
export function requestMiddleware(logger: Logger, metrics: ServiceMetrics) {
  return async function observeRequest(ctx: Context, next: Next): Promise<void> {
    const started = process.hrtime.bigint();
    const header = ctx.get('x-request-id');
    const requestId = REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
    ctx.set('X-Request-Id', requestId);
    const state = ctx.state as HttpRequestState;
    state.requestId = requestId;
    state.logger = logger.child({ requestId });
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(ctx);
      metrics.httpDuration.observe({ method: ctx.method, route, status: String(ctx.status) }, seconds);
      const line = {
        method: ctx.method,
        route,
        path: ctx.path,
        status: ctx.status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
      };
      if (ctx.status >= 500) state.logger.error(line, 'request');
      else state.logger.info(line, 'request');
    }
  };
}
