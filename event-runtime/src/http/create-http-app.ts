import Router from '@koa/router';
import type { Tracer } from '@opentelemetry/api';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { ServiceMetrics } from '../observability/metrics';
import { errorMiddleware } from './error-middleware';
import { HttpError } from './http-error';
import { jsonBody } from './json-body';
import type { ReadinessReport } from './readiness-report';
import { requestMiddleware } from './request-middleware';
import { tracingMiddleware } from './tracing-middleware';

/** What {@link createHttpApp} needs. */
export interface HttpAppOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  /**
   * Backs `GET /ready` (200 with the report when `ready`, else 503 with it) and the details of
   * `GET /health` (always 200 while the process runs).
   */
  readiness: () => Promise<ReadinessReport>;
  /**
   * False while the service's own routes cannot serve (still starting): they answer 503 `not_ready`
   * until it turns true. /health, /ready and /metrics always answer. Default: always serving.
   */
  serving?: () => boolean;
  /** Largest JSON body accepted, in `bytes` syntax; larger ones get 413. Default '64kb'. */
  bodyLimit?: string;
  /** The service's own routes, mounted after /health, /ready and /metrics. */
  routers?: Router[];
  /** A server span per request (tracing-middleware.ts); none when absent. */
  tracer?: Tracer;
}

async function readinessReport(readiness: () => Promise<ReadinessReport>): Promise<ReadinessReport> {
  try {
    return await readiness();
  } catch (err) {
    // A failing check is an answer ("not ready"), not a server error.
    return { ready: false, checks: { readiness: { ok: false, error: (err as Error).message } } };
  }
}

/**
 * A Koa app with the kit every service shares: request ids, request logs, latency metrics by
 * route pattern, JSON errors, a size-limited JSON body parser, health/readiness/metrics routes,
 * and JSON 404/405 answers for unknown routes and methods.
 */
export function createHttpApp(options: HttpAppOptions): Koa {
  const { logger, metrics, readiness, bodyLimit = '64kb', routers = [] } = options;
  const app = new Koa();
  // Errors are answered by errorMiddleware; Koa's own 'error' event would log them a second time.
  app.silent = true;

  const root = new Router();
  // Router-level middleware only runs once a route matched path and method, so a POST to an
  // unknown path is a 404, not a body error.
  root.use(jsonBody(bodyLimit));
  root.get('/health', async (ctx) => {
    // Liveness: the process answers. The checks are details for people and dashboards.
    const { checks } = await readinessReport(readiness);
    const degraded = Object.values(checks).some((c) => !c.ok);
    ctx.body = { status: degraded ? 'degraded' : 'ok', checks };
  });
  root.get('/ready', async (ctx) => {
    const report = await readinessReport(readiness);
    ctx.status = report.ready ? 200 : 503;
    ctx.body = report;
  });
  root.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  // Registered after the routes above, so it only runs for the service's own routes.
  root.use(async (_ctx, next) => {
    // The start-up's details (addresses, errors) are for /ready, not for API clients.
    if (options.serving && !options.serving())
      throw new HttpError('not_ready', 'The service is starting; retry later');
    await next();
  });
  for (const router of routers) root.use(router.routes());

  app.use(requestMiddleware(logger, metrics));
  // Outside the error middleware, so a span sees the status an error was answered with.
  if (options.tracer) app.use(tracingMiddleware(options.tracer));
  app.use(errorMiddleware(logger));
  app.use(root.routes());
  // Not `throw: true`: that skips the Allow header; errorMiddleware turns the bare 405 into JSON.
  app.use(root.allowedMethods());
  return app;
}
