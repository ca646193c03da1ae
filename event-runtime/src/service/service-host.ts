import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { CommonServiceConfig } from '../config/env';
import { TRACING_DISABLED } from '../config/tracing-config';
import type { EventHandlers } from '../consumer/types';
import { createDatabase } from '../db/database';
import { migrateDatabase, runtimeMigrations, type Migration } from '../db/migrations';
import { traceQueries } from '../db/query-tracing';
import type { ApiInfo } from '../http/api-document';
import type { ApiRoute } from '../http/api-route';
import { createHttpApp } from '../http/create-http-app';
import { startHttpServer, type RunningHttpServer } from '../http/http-server';
import { createLogger } from '../observability/logger';
import { createTracing } from '../observability/tracing';
import type { Outbox } from '../outbox/outbox';
import { createServiceRuntime } from './service-runtime';
import { createStartup } from './startup';
import type { ServiceRuntime, ServiceRuntimeOptions } from './types';

/** What makes one service itself; everything else (lifecycle, wiring) is shared. */
export interface ServiceDefinition<C extends CommonServiceConfig> {
  name: string;
  /** The service's own tables, applied after the runtime's outbox and inbox. */
  migrations: Migration[];
  handlers: EventHandlers;
  /** The `info` of the service's OpenAPI document (served at /openapi.json, shown at /docs). */
  api: ApiInfo;
  /** The service's routes, each declared with `defineRoute`: validated and documented from one place. */
  routes(deps: { db: Knex; outbox: Outbox; config: C }): ApiRoute[];
}

/** What tests may replace: random topic and subject names, a quieter logger. */
export interface ServiceOverrides {
  topicNames?: ServiceRuntimeOptions['topicNames'];
  subjectNames?: ServiceRuntimeOptions['subjectNames'];
  logger?: Logger;
  /** Turns tracing on with this exporter (tests: an InMemorySpanExporter), whatever OTEL_* says. */
  spanExporter?: SpanExporter;
}

/** A whole service, built but not started. */
export interface Service {
  db: Knex;
  runtime: ServiceRuntime;
  logger: Logger;
  /**
   * Listens for HTTP at once (/health answers, /ready and the routes answer 503 until started), then
   * migrates the database and starts the runtime, each step retried while its dependency is
   * unreachable. Resolves when the service serves; rejects on a permanent error, leaving nothing open.
   */
  start(): Promise<{ url: string }>;
  /** Ends a start in progress, stops HTTP (in-flight requests finish), the runtime, the database pool. */
  stop(): Promise<void>;
  /** The HTTP base URL once listening (before the service is ready), else undefined. */
  url(): string | undefined;
}

export function allMigrations(definition: ServiceDefinition<CommonServiceConfig>): Migration[] {
  return [...runtimeMigrations, ...definition.migrations];
}

/** Builds a service from its definition and config; nothing touches the network until `start()`. */
export function createService<C extends CommonServiceConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  overrides: ServiceOverrides = {},
): Service {
  const logger = overrides.logger ?? createLogger(definition.name, config.logLevel);
  const db = createDatabase(config.databaseUrl);
  const tracing = createTracing(
    config.tracing ?? { ...TRACING_DISABLED, serviceName: definition.name },
    overrides.spanExporter,
  );
  if (tracing.enabled) traceQueries(db, tracing.tracer);
  const startup = createStartup(logger);
  const runtime = createServiceRuntime({
    name: definition.name,
    config,
    db,
    logger,
    handlers: definition.handlers,
    topicNames: overrides.topicNames,
    subjectNames: overrides.subjectNames,
    startup,
    tracer: tracing.tracer,
  });
  let serving = false;
  const app = createHttpApp({
    logger,
    metrics: runtime.metrics,
    readiness: () => runtime.readiness(),
    serving: () => serving,
    routes: definition.routes({ db, outbox: runtime.outbox, config }),
    api: definition.api,
    tracer: tracing.enabled ? tracing.tracer : undefined,
  });
  let server: RunningHttpServer | undefined;
  let starting: Promise<{ url: string }> | undefined;
  let tornDown: Promise<void> | undefined;

  /** Once, whoever asks first: HTTP drained, then the runtime, then the pool. */
  const tearDown = (): Promise<void> =>
    (tornDown ??= (async () => {
      serving = false;
      try {
        await server?.close();
        server = undefined;
        await runtime.stop();
      } finally {
        await db.destroy();
        await tracing.shutdown().catch((err: unknown) => logger.warn({ err }, 'flushing spans failed'));
      }
    })());

  const run = async (): Promise<{ url: string }> => {
    // HTTP first: /health answers while the dependencies are still coming up, /ready says what is awaited.
    server = await startHttpServer(app, config.http);
    logger.info({ url: server.url }, `${definition.name} listening; starting`);
    const applied = await startup.step('PostgreSQL', 'apply the migrations', () =>
      migrateDatabase(db, allMigrations(definition as ServiceDefinition<CommonServiceConfig>)),
    );
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    await runtime.start();
    serving = true;
    logger.info({ url: server.url }, `${definition.name} ready`);
    return { url: server.url };
  };

  const start = (): Promise<{ url: string }> =>
    (starting ??= run().catch(async (err: unknown) => {
      // Leave nothing running (server, pool, Kafka clients) behind a failed start.
      await tearDown().catch((cleanupErr: unknown) =>
        logger.warn({ err: cleanupErr }, 'cleanup after failed start'),
      );
      throw err;
    }));

  const stop = async (): Promise<void> => {
    // A start in progress ends at its next retry instead of waiting for a dependency.
    startup.abort();
    await starting?.catch(() => undefined);
    await tearDown();
  };

  return { db, runtime, logger, start, stop, url: () => server?.url };
}
