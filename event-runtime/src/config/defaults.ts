/**
 * Where the local stack (`npm run stack:up`) puts Kafka and the schema registry: the default of
 * KAFKA_BROKERS and SCHEMA_REGISTRY_URL, read through config/env.ts by the services and the
 * runtime's CLIs, and used by the compatibility gate (its `--registry` default) and the stack (its
 * registry URL, on the stack's registry port).
 */

/** KAFKA_BROKERS when unset: the local stack's broker, in the variable's comma-separated form. */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

/** SCHEMA_REGISTRY_URL when unset: the Confluent-compatible API of the local stack's Apicurio. */
export const DEFAULT_SCHEMA_REGISTRY_URL = 'http://127.0.0.1:8081/apis/ccompat/v7';
