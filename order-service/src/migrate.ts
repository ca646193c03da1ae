/** `npm run migrate -w order-service`: applies pending migrations to DATABASE_URL and exits. */
import { runMigrationsMain } from '@contract-events/runtime';
import { orderService } from './app';
import { loadConfig } from './config';

runMigrationsMain(orderService, loadConfig);
