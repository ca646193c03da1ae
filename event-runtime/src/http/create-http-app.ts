import Router from '@koa/router';
import type { Tracer } from '@opentelemetry/api';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { ServiceMetrics } from '../observability/metrics';
import { createApiDocument, type ApiInfo, type OpenApiDocument } from './api-document';
import { withErrors, type ApiRoute } from './api-route';
import { docsRoutes } from './docs-routes';
import { errorMiddleware } from './error-middleware';
import { HttpError } from './http-error';
import { jsonBody } from './json-body';
import { kitRoutes } from './kit-routes';
import { mountRoute } from './mount-route';
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
   * until it turns true. /health, /ready, /metrics, /openapi.json and /docs always answer. Default:
   * always serving.
   */
  serving?: () => boolean;
  /** Largest JSON body accepted, in `bytes` syntax; larger ones get 413. Default '64kb'. */
  bodyLimit?: string;
  /** The service's own routes, mounted after the kit's. */
  routes?: ApiRoute[];
  /** The `info` of the service's OpenAPI document. Default: title "HTTP API", version 0.0.0. */
  api?: ApiInfo;
  /** A server span per request (tracing-middleware.ts); none when absent. */
  tracer?: Tracer;
}

/** What every service route may also answer: still starting, or a dependency (the database) down. */
const SERVICE_ROUTE_ERRORS = ['not_ready', 'database_unavailable'] as const;

/**
 * The kit's routes that always answer, the service's routes that wait for `serving`, and the
 * document of them all, built here so that a route it cannot document stops the app's creation
 * (start-up), not its first request.
 */
function appRoutes(options: HttpAppOptions): {
  always: ApiRoute[];
  whenServing: ApiRoute[];
  document: OpenApiDocument;
} {
  const { readiness, metrics, api = { title: 'HTTP API', version: '0.0.0' }, routes = [] } = options;
  const whenServing = routes.map((route) => withErrors(route, SERVICE_ROUTE_ERRORS));
  const always: ApiRoute[] = [...kitRoutes(readiness, metrics), ...docsRoutes(() => document)];
  const document = createApiDocument(api, [...always, ...whenServing]);
  return { always, whenServing, document };
}

/**
 * Every route the app built from `options` answers, the kit's and the service's, as declared: what
 * its OpenAPI document is made of (`createApiDocument(options.api, httpAppRoutes(options))`).
 */
export function httpAppRoutes(options: HttpAppOptions): ApiRoute[] {
  const { always, whenServing } = appRoutes(options);
  return [...always, ...whenServing];
}

/**
 * A Koa app with the kit every service shares: request ids, request logs, latency metrics by
 * route pattern, JSON errors, a size-limited JSON body parser, health/readiness/metrics routes, the
 * OpenAPI document of all its routes at /openapi.json with interactive docs at /docs, and JSON
 * 404/405 answers for unknown routes and methods.
 */
export function createHttpApp(options: HttpAppOptions): Koa {
  const { logger, metrics, bodyLimit = '64kb' } = options;
  const app = new Koa();
  // Errors are answered by errorMiddleware; Koa's own 'error' event would log them a second time.
  app.silent = true;

  const { always, whenServing } = appRoutes(options);
  const root = new Router();
  // Router-level middleware only runs once a route matched path and method, so a POST to an
  // unknown path is a 404, not a body error.
  root.use(jsonBody(bodyLimit));
  for (const route of always) mountRoute(root, route);
  // Registered after the routes above, so it only runs for the service's own routes.
  root.use(async (_ctx, next) => {
    // The start-up's details (addresses, errors) are for /ready, not for API clients.
    if (options.serving && !options.serving())
      throw new HttpError('not_ready', 'The service is starting; retry later');
    await next();
  });
  for (const route of whenServing) mountRoute(root, route);

  app.use(requestMiddleware(logger, metrics));
  // Outside the error middleware, so a span sees the status an error was answered with.
  if (options.tracer) app.use(tracingMiddleware(options.tracer));
  app.use(errorMiddleware(logger));
  app.use(root.routes());
  // Not `throw: true`: that skips the Allow header; errorMiddleware turns the bare 405 into JSON.
  app.use(root.allowedMethods());
  return app;
}
