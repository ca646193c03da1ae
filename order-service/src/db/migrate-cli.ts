import { createDatabase, createLogger, migrateDatabase } from '@contract-events/runtime';
import { loadConfig } from '../config';
import { migrations } from './migrations';

/** `npm run migrate -w order-service`: applies pending migrations to DATABASE_URL and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('order-service-migrate', config.logLevel);
  const db = createDatabase(config.databaseUrl);
  try {
    const applied = await migrateDatabase(db, migrations);
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'database already up to date');
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  createLogger('order-service-migrate', 'info').fatal({ err }, (err as Error).message);
  process.exit(1);
});
