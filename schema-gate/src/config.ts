/**
 * Environment-derived settings of the codegen CLIs, read here only (repository rule).
 */

/** Registry URL used when `--registry` is given without a value and SCHEMA_REGISTRY_URL is unset. */
export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:8081/apis/ccompat/v7';

/** The schema registry base URL (Confluent-compatible API) from SCHEMA_REGISTRY_URL. */
export function registryUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const value = env['SCHEMA_REGISTRY_URL']?.trim();
  return value ? value : DEFAULT_REGISTRY_URL;
}
