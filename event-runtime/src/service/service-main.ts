import type { CommonServiceConfig } from '../config/env';
import { createDatabase } from '../db/database';
import { migrateDatabase } from '../db/migrations';
import { createLogger } from '../observability/logger';
import { allMigrations, createService, type ServiceDefinition, type ServiceOverrides } from './service-host';

function loadOrExit<C extends CommonServiceConfig>(name: string, loadConfig: () => C): C {
  try {
    return loadConfig();
  } catch (err) {
    // No configured logger yet: log the problem (it names each bad variable) at the default level.
    createLogger(name, 'info').fatal({ err }, (err as Error).message);
    process.exit(1);
  }
}

/**
 * A service's `main.ts`: config, start, and on SIGTERM/SIGINT a graceful stop (HTTP drained,
 * the consumer's batch finished and committed, the relay stopped) then exit 0. A permanent start-up
 * error (a bad setting, the drift guard's SCHEMA_NOT_REGISTERED, refused credentials) is logged at
 * fatal and exits 1.
 *
 * @param overrides random topic and subject names, for tests that run a service as its own process.
 */
export function runServiceMain<C extends CommonServiceConfig>(
  definition: ServiceDefinition<C>,
  loadConfig: () => C,
  overrides: Omit<ServiceOverrides, 'logger'> = {},
): void {
  const config = loadOrExit(definition.name, loadConfig);
  const logger = createLogger(definition.name, config.logLevel);
  const service = createService(definition, config, { ...overrides, logger });
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  service.start().catch((err: unknown) => {
    logger.fatal({ err }, `${definition.name} failed to start: ${(err as Error).message}`);
    process.exit(1);
  });
}

/** A service's `npm run migrate`: applies pending migrations to its DATABASE_URL and exits. */
export function runMigrationsMain<C extends CommonServiceConfig>(
  definition: ServiceDefinition<C>,
  loadConfig: () => C,
): void {
  const name = `${definition.name}-migrate`;
  const config = loadOrExit(name, loadConfig);
  const logger = createLogger(name, config.logLevel);
  const db = createDatabase(config.databaseUrl);
  migrateDatabase(db, allMigrations(definition as ServiceDefinition<CommonServiceConfig>))
    .then((applied) => {
      logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'database already up to date');
    })
    .finally(() => db.destroy())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        logger.fatal({ err }, (err as Error).message);
        process.exit(1);
      },
    );
}
