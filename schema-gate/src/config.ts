/**
 * Environment-derived settings of the compatibility gate, read here only (repository rule).
 */
import { EnvReader } from '@contract-events/runtime/tools';

// TODO(merge): import DEFAULT_SCHEMA_REGISTRY_URL from @contract-events/runtime/tools once the
// runtime exports it, and drop this literal.
/** Registry URL used when `--registry` is given without a value and SCHEMA_REGISTRY_URL is unset. */
export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:8081/apis/ccompat/v7';

/** The schema registry base URL (Confluent-compatible API) from SCHEMA_REGISTRY_URL. */
export function registryUrlFromEnv(env: Record<string, string | undefined> = process.env): string {
  const reader = new EnvReader(env);
  const url = reader.string('SCHEMA_REGISTRY_URL', DEFAULT_REGISTRY_URL);
  reader.done();
  return url;
}
