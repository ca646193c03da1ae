/**
 * The runtime's entry point for tools: the compatibility gate, the stack and the tests
 * (`@contract-events/runtime/tools`); the runtime's own CLIs import their modules directly.
 * Services import `@contract-events/runtime` instead. Only what those tools use, with the types of
 * its options and results; the runtime's internals (consumer, relay, codec details) stay out. The
 * error base class and the compatibility levels are `@contract-events/contracts`'.
 */
export { DecodeError, RegistryError, SchemaNotRegisteredError, TopicReadError } from './errors';
export { DEFAULT_SCHEMA_REGISTRY_URL } from './config/defaults';
export {
  EnvReader,
  KAFKA_CLIENTS,
  readKafkaClient,
  readKafkaConnection,
  type KafkaClientName,
  type KafkaConnection,
} from './config/env';
export { PLAINTEXT_SECURITY, type KafkaSaslMechanism, type KafkaSecurity } from './config/kafka-security';
export { readSchemaRegistryConfig, type SchemaRegistryConfig } from './config/registry-config';
export { Secret } from './config/secret';
export type { TopicEvents, TopicName } from './generated';
export { createEventCodec, type EventCodec, type EventCodecOptions } from './codec/event-codec';
export { createSchemaDecoder, type DecodedMessage, type EventDecoder } from './codec/event-decoder';
export { schemaFingerprint } from './codec/schema-drift';
export {
  createSchemaRegistry,
  type CompatibilityVerdict,
  type RegisteredSchema,
  type SchemaRegistryClient,
  type SchemaRegistryOptions,
  type SubjectVersion,
} from './registry/schema-registry';
export {
  registerContracts,
  type ContractsLogger,
  type RegisterContractsOptions,
  type TopicRegistration,
} from './registry/register-contracts';
export { CLUSTER_DEFAULT_REPLICATION, type EventTransport, type TransportAdmin } from './transport/types';
export { createKafkaTransport, type KafkaTransportOptions } from './transport/kafka-transport';
export { readTopic, type ReadStart, type TopicReadOptions } from './transport/topic-reader';
export { removeSuffixedTopics } from './transport/remove-suffixed-topics';
export { createDatabase } from './db/database';
export { migrateDatabase, runtimeMigrations, type Migration } from './db/migrations';
export { createServiceMetrics, type ServiceMetrics } from './observability/metrics';
export { createLogger } from './observability/logger';
export { createOutbox, type Outbox } from './outbox/outbox';
export { eventTypeOf } from './outbox/event-headers';
export {
  createApiDocument,
  createHttpApp,
  errorCodesOf,
  httpAppRoutes,
  openApiPath,
  startHttpServer,
  type ApiInfo,
  type ApiRoute,
  type HttpAppOptions,
  type OpenApiDocument,
  type RunningHttpServer,
} from './http';
export {
  pollUntil,
  PollAbandonedError,
  PollTimeoutError,
  retry,
  type PollOptions,
  type RetryOptions,
} from './retry';
export { SERVICE_NODE_FLAGS } from './service/node-flags';
export { isTransient } from './service/startup';
