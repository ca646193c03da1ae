/**
 * The runtime's entry point for tools: the CLIs, the compatibility gate, the stack and the tests
 * (`@contract-events/runtime/tools`). Services import `@contract-events/runtime` instead.
 */
export * from './errors';
export * from './codec/wire-format';
export * from './codec/decimal';
export * from './codec/logical-types';
export * from './codec/validate';
export * from './codec/event-codec';
export * from './registry/schema-registry';
export * from './config/env';
export * from './generated';
export * from './registry/register-contracts';
export * from './transport/types';
export * from './transport/kafkajs-transport';
export * from './db/database';
export * from './db/migrations';
export * from './observability/logger';
export * from './observability/metrics';
export * from './outbox/outbox-store';
export * from './outbox/outbox';
export * from './outbox/outbox-relay';
export * from './consumer/types';
export * from './consumer/invalid-event';
export * from './consumer/dead-letter';
export * from './consumer/event-consumer';
export * from './service/types';
export * from './service/service-runtime';
export * from './http';
export * from './consumer/dlq-replay';
export * from './service/service-host';
export * from './service/service-main';
export * from './db/pg-errors';
export * from './retry';
