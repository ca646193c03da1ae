import {
  createService,
  type Service,
  type ServiceDefinition,
  type ServiceOverrides,
} from '@contract-events/runtime';
import type { OrderServiceConfig } from './config';
import { orderServiceMigrations } from './db/migrations';
import { onUserCreated } from './events/on-user-created';
import { createOrderRoutes } from './http/order-routes';

// The package's surface (`@contract-events/order-service`): the service, its settings and the
// variables it reads (the stack's docker-compose test compares them with docker-compose.yml).
export { CONFIG_VARIABLES, loadConfig, type OrderServiceConfig } from './config';

/** The order service: its tables, what it consumes, its routes. The runtime does the rest. */
export const orderService: ServiceDefinition<OrderServiceConfig> = {
  name: 'order-service',
  migrations: orderServiceMigrations,
  handlers: { user_created: onUserCreated },
  api: {
    title: 'Order service',
    version: '0.1.0',
    description: 'Orders, for the users this service has received through user_created events.',
  },
  routes: ({ db, outbox, config }) =>
    createOrderRoutes({
      db,
      outbox,
      defaultCurrency: config.defaultCurrency,
      projectionWaitMaxMs: config.projectionWaitMaxMs,
    }),
};

export type OrderService = Service;

/** Builds the order service; tests pass random topic names and a quiet logger. */
export function createOrderService(
  config: OrderServiceConfig,
  overrides: ServiceOverrides = {},
): OrderService {
  return createService(orderService, config, overrides);
}
