/**
 * Environment-derived settings of the compatibility gate, read here only (repository rule).
 */
import {
  DEFAULT_SCHEMA_REGISTRY_URL,
  EnvReader,
  readSchemaRegistryUrl,
} from '@contract-events/runtime/tools';

export { DEFAULT_SCHEMA_REGISTRY_URL };

/** The schema registry base URL (Confluent-compatible API) from SCHEMA_REGISTRY_URL. */
export function registryUrlFromEnv(env: Record<string, string | undefined> = process.env): string {
  const reader = new EnvReader(env);
  const url = readSchemaRegistryUrl(reader);
  reader.done();
  return url;
}
