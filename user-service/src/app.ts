import {
  createService,
  type Service,
  type ServiceDefinition,
  type ServiceOverrides,
} from '@contract-events/runtime';
import type { UserServiceConfig } from './config';
import { userServiceMigrations } from './db/migrations';
import { onOrderCreated } from './events/on-order-created';
import { createUserRoutes } from './http/user-routes';

// The package's surface (`@contract-events/user-service`): the service, its settings and the
// variables it reads (the stack's docker-compose test compares them with docker-compose.yml).
export { CONFIG_VARIABLES, loadConfig, type UserServiceConfig } from './config';

/** The user service: its tables, what it consumes, its routes. The runtime does the rest. */
export const userService: ServiceDefinition<UserServiceConfig> = {
  name: 'user-service',
  migrations: userServiceMigrations,
  handlers: { order_created: onOrderCreated },
  api: {
    title: 'User service',
    version: '0.1.0',
    description: 'Users, and the orders this service has received through order_created events.',
  },
  routes: ({ db, outbox }) => createUserRoutes({ db, outbox }),
};

export type UserService = Service;

/** Builds the user service; tests pass random topic names and a quiet logger. */
export function createUserService(config: UserServiceConfig, overrides: ServiceOverrides = {}): UserService {
  return createService(userService, config, overrides);
}
