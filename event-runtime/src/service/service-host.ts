import type Router from '@koa/router';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { CommonServiceConfig } from '../config/env';
import type { EventHandlers } from '../consumer/types';
import { createDatabase } from '../db/database';
import { migrateDatabase, runtimeMigrations, type Migration } from '../db/migrations';
import { createHttpApp } from '../http/create-http-app';
import { startHttpServer, type RunningHttpServer } from '../http/http-server';
import { createLogger } from '../observability/logger';
import type { Outbox } from '../outbox/outbox';
import { createServiceRuntime } from './service-runtime';
import type { ServiceRuntime, ServiceRuntimeOptions } from './types';

/** What makes one service itself; everything else (lifecycle, wiring) is shared. */
export interface ServiceDefinition<C extends CommonServiceConfig> {
  name: string;
  /** The service's own tables, applied after the runtime's outbox and inbox. */
  migrations: Migration[];
  handlers: EventHandlers;
  routes(deps: { db: Knex; outbox: Outbox; config: C }): Router[];
}

/** What tests may replace: random topic and subject names, a quieter logger. */
export interface ServiceOverrides {
  topicNames?: ServiceRuntimeOptions['topicNames'];
  subjectNames?: ServiceRuntimeOptions['subjectNames'];
  logger?: Logger;
}

/** A whole service, built but not started. */
export interface Service {
  db: Knex;
  runtime: ServiceRuntime;
  logger: Logger;
  /** Migrates the database, starts the runtime (relay and consumer), then listens for HTTP. */
  start(): Promise<{ url: string }>;
  /** Stops HTTP (in-flight requests finish), then the runtime, then closes the database pool. */
  stop(): Promise<void>;
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
  const runtime = createServiceRuntime({
    name: definition.name,
    config,
    db,
    logger,
    handlers: definition.handlers,
    topicNames: overrides.topicNames,
    subjectNames: overrides.subjectNames,
  });
  const app = createHttpApp({
    logger,
    metrics: runtime.metrics,
    readiness: () => runtime.readiness(),
    routers: definition.routes({ db, outbox: runtime.outbox, config }),
  });
  let server: RunningHttpServer | undefined;
  let runtimeStarted = false;

  const stop = async (): Promise<void> => {
    try {
      await server?.close();
      server = undefined;
      if (runtimeStarted) await runtime.stop();
      runtimeStarted = false;
    } finally {
      await db.destroy();
    }
  };

  const start = async (): Promise<{ url: string }> => {
    try {
      const applied = await migrateDatabase(
        db,
        allMigrations(definition as ServiceDefinition<CommonServiceConfig>),
      );
      if (applied.length > 0) logger.info({ applied }, 'migrations applied');
      await runtime.start();
      runtimeStarted = true;
      server = await startHttpServer(app, config.http);
      logger.info({ url: server.url }, `${definition.name} listening`);
      return { url: server.url };
    } catch (err) {
      // Leave nothing running (pool, Kafka clients) behind a failed start.
      await stop().catch((cleanupErr: unknown) =>
        logger.warn({ err: cleanupErr }, 'cleanup after failed start'),
      );
      throw err;
    }
  };

  return { db, runtime, logger, start, stop };
}
