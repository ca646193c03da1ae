import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { ServiceMetrics } from '../observability/metrics';
import { errorMiddleware } from './error-middleware';
import { jsonBody } from './json-body';
import type { ReadinessReport } from './readiness-report';
import { requestMiddleware } from './request-middleware';

/** What {@link createHttpApp} needs. */
export interface HttpAppOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  /** Backs `GET /ready`: 200 with the report when `ready`, else 503 with it. */
  readiness: () => Promise<ReadinessReport>;
  /** Largest JSON body accepted, in `bytes` syntax; larger ones get 413. Default '64kb'. */
  bodyLimit?: string;
  /** The service's own routes, mounted after /health, /ready and /metrics. */
  routers?: Router[];
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
  root.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
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
  for (const router of routers) root.use(router.routes());

  app.use(requestMiddleware(logger, metrics));
  app.use(errorMiddleware(logger));
  app.use(root.routes());
  // Not `throw: true`: that skips the Allow header; errorMiddleware turns the bare 405 into JSON.
  app.use(root.allowedMethods());
  return app;
}
