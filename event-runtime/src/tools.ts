/**
 * The runtime's entry point for tools: the CLIs, the compatibility gate, the stack and the tests
 * (`@contract-events/runtime/tools`). Services import `@contract-events/runtime` instead. Only what
 * those tools use; the runtime's internals (consumer, relay, codec details) stay out.
 */
export {
  ConfigError,
  EventSystemError,
  eventRuntimeErrorCodes,
  isEventSystemError,
  RegistryError,
  type EventRuntimeErrorCode,
} from './errors';
export { DEFAULT_KAFKA_BROKERS, DEFAULT_SCHEMA_REGISTRY_URL } from './config/defaults';
export { EnvReader, readToolConfig, type ConnectionConfig } from './config/env';
export type { TopicEvents, TopicName } from './generated';
export { createEventCodec, type EventCodec, type EventCodecOptions } from './codec/event-codec';
export {
  compatibilityLevels,
  createSchemaRegistry,
  type CompatibilityLevel,
  type CompatibilityVerdict,
  type RegisteredSchema,
  type SchemaRegistryClient,
  type SchemaRegistryOptions,
} from './registry/schema-registry';
export {
  registerContracts,
  type ContractsLogger,
  type RegisterContractsOptions,
  type TopicRegistration,
} from './registry/register-contracts';
export type { EventTransport, TransportAdmin } from './transport/types';
export { createKafkaTransport, type KafkaTransportOptions } from './transport/kafkajs-transport';
export { createDatabase } from './db/database';
export { migrateDatabase, runtimeMigrations, type Migration } from './db/migrations';
export { createServiceMetrics, type ServiceMetrics } from './observability/metrics';
export type { Outbox } from './outbox/outbox';
export { createHttpApp, startHttpServer, type HttpAppOptions, type RunningHttpServer } from './http';
export {
  backoffDelay,
  defaultBackoff,
  pollUntil,
  PollAbandonedError,
  PollTimeoutError,
  sleep,
  type BackoffPolicy,
  type PollOptions,
} from './retry';
