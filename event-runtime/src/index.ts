/**
 * The runtime's entry point for services (`@contract-events/runtime`): declare a service, its config,
 * tables, handlers and routes. Tools (CLIs, the gate, the stack, tests) use `@contract-events/runtime/tools`.
 */
export { EventSystemError, isEventSystemError } from './errors';
export type { OrderCreated, UserCreated, TopicEvents, TopicName } from './generated';
export { EnvReader, readCommonServiceConfig, type CommonServiceConfig, type LogLevel } from './config/env';
export { runtimeMigrations, type Migration } from './db/migrations';
export { isUniqueViolation } from './db/pg-errors';
export type { EventHandler, EventHandlers, EventMeta } from './consumer/types';
export { InvalidEventError } from './consumer/invalid-event';
export type { Outbox } from './service/types';
export {
  createService,
  type Service,
  type ServiceDefinition,
  type ServiceOverrides,
} from './service/service-host';
export { runMigrationsMain, runServiceMain } from './service/service-main';
export {
  HttpError,
  httpErrorCodes,
  isUuid,
  uuidSchema,
  validateBody,
  validationError,
  type HttpErrorCode,
  type RunningHttpServer,
} from './http';
