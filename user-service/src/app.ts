import {
  createDatabase,
  createHttpApp,
  createLogger,
  createServiceRuntime,
  migrateDatabase,
  startHttpServer,
  type RunningHttpServer,
  type ServiceRuntime,
  type ServiceRuntimeOptions,
} from '@contract-events/runtime';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { UserServiceConfig } from './config';
import { migrations } from './db/migrations';
import { onOrderCreated } from './events/on-order-created';
import { createUserRoutes } from './http/user-routes';

export const SERVICE_NAME = 'user-service';

/** What tests may replace: random topic and subject names, a quieter logger. */
export interface UserServiceOverrides {
  topicNames?: ServiceRuntimeOptions['topicNames'];
  subjectNames?: ServiceRuntimeOptions['subjectNames'];
  logger?: Logger;
}

/** A whole user service, built but not started. */
export interface UserService {
  db: Knex;
  runtime: ServiceRuntime;
  logger: Logger;
  /** Migrates the database, starts the runtime (relay and consumer), then listens for HTTP. */
  start(): Promise<{ url: string }>;
  /** Stops HTTP (in-flight requests finish), then the runtime, then closes the database pool. */
  stop(): Promise<void>;
}

/** Builds the user service from its config; nothing touches the network until `start()`. */
export function createUserService(
  config: UserServiceConfig,
  overrides: UserServiceOverrides = {},
): UserService {
  const logger = overrides.logger ?? createLogger(SERVICE_NAME, config.logLevel);
  const db = createDatabase(config.databaseUrl);
  const runtime = createServiceRuntime({
    name: SERVICE_NAME,
    config,
    db,
    logger,
    handlers: { order_created: onOrderCreated },
    topicNames: overrides.topicNames,
    subjectNames: overrides.subjectNames,
  });
  const app = createHttpApp({
    logger,
    metrics: runtime.metrics,
    readiness: () => runtime.readiness(),
    routers: [createUserRoutes({ db, outbox: runtime.outbox })],
  });
  let server: RunningHttpServer | undefined;
  let runtimeStarted = false;

  const stop = async (): Promise<void> => {
    await server?.close();
    server = undefined;
    if (runtimeStarted) await runtime.stop();
    runtimeStarted = false;
    await db.destroy();
  };

  const start = async (): Promise<{ url: string }> => {
    try {
      const applied = await migrateDatabase(db, migrations);
      if (applied.length > 0) logger.info({ applied }, 'migrations applied');
      await runtime.start();
      runtimeStarted = true;
      server = await startHttpServer(app, config.http);
      logger.info({ url: server.url }, 'user service listening');
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
