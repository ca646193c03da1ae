/**
 * The runtime's entry point for services (`@contract-events/runtime`): declare a service, its config,
 * tables, handlers and routes. Only what the services use; tools (CLIs, the gate, the stack, tests)
 * use `@contract-events/runtime/tools`.
 */
export type { OrderCreated, UserCreated } from './generated';
export { EnvReader, readCommonServiceConfig, type CommonServiceConfig } from './config/env';
export { runtimeMigrations, type Migration } from './db/migrations';
export { isUniqueViolation } from './db/pg-errors';
export { pgArray, type PgArrayElement } from './db/pg-array';
export { preparedRaw } from './db/prepared';
export type { EventHandler, EventWithMeta } from './consumer/types';
// The one way a handler dead-letters an event (see EventHandler), though no handler needs it yet.
export { InvalidEventError } from './consumer/invalid-event';
export type { Outbox } from './outbox/outbox';
export {
  createService,
  type Service,
  type ServiceDefinition,
  type ServiceOverrides,
} from './service/service-host';
export { runMigrationsMain, runServiceMain } from './service/service-main';
export {
  pageQuery,
  pageRequestOf,
  rowsToFetch,
  toPage,
  type PageCursor,
  type PageRequest,
} from './http/pagination';
export {
  defineHttpError,
  defineRoute,
  HttpError,
  isUuid,
  uuidSchema,
  validateBody,
  validateQuery,
  type ApiErrorRef,
  type ApiInfo,
  type ApiRoute,
  type HttpErrorDefinition,
  type RunningHttpServer,
} from './http';
export { pollUntil, PollTimeoutError, type PollOptions } from './retry';
