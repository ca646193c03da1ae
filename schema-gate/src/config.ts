/**
 * Environment-derived settings of the compatibility gate, read here only (repository rule).
 */
import {
  DEFAULT_SCHEMA_REGISTRY_URL,
  EnvReader,
  type KafkaConnection,
  readKafkaConnection,
  readSchemaRegistryConfig,
  type SchemaRegistryConfig,
} from '@contract-events/runtime/tools';

export { DEFAULT_SCHEMA_REGISTRY_URL };

/**
 * How to reach the schema registry (Confluent-compatible API): SCHEMA_REGISTRY_URL and, for a
 * secured registry, SCHEMA_REGISTRY_USERNAME, SCHEMA_REGISTRY_PASSWORD and SCHEMA_REGISTRY_CA_FILE.
 */
export function registryFromEnv(env: Record<string, string | undefined> = process.env): SchemaRegistryConfig {
  const reader = new EnvReader(env);
  const registry = readSchemaRegistryConfig(reader);
  reader.done();
  return registry;
}

/**
 * Kafka and the registry, for `--replay`: KAFKA_BROKERS with the Kafka security settings
 * (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*) and the SCHEMA_REGISTRY_* settings.
 *
 * @throws ConfigError `CONFIG_INVALID` naming every bad variable.
 */
export function replayConnectionFromEnv(env: Record<string, string | undefined> = process.env): {
  kafka: KafkaConnection;
  registry: SchemaRegistryConfig;
} {
  const reader = new EnvReader(env);
  const connection = { kafka: readKafkaConnection(reader), registry: readSchemaRegistryConfig(reader) };
  reader.done();
  return connection;
}
