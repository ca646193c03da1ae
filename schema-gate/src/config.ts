/**
 * Environment-derived settings of the compatibility gate, read here only (repository rule).
 */
import {
  DEFAULT_SCHEMA_REGISTRY_URL,
  EnvReader,
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
