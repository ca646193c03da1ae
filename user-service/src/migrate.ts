/** `npm run migrate -w user-service`: applies pending migrations to DATABASE_URL and exits. */
import { runMigrationsMain } from '@contract-events/runtime';
import { userService } from './app';
import { loadConfig } from './config';

runMigrationsMain(userService, loadConfig);
