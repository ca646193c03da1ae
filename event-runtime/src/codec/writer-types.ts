/**
 * The writer schemas of incoming messages: fetched from the registry once per schema id, parsed with
 * our logical types, and sorted into "this message can never be decoded" (a DecodeError, dead letter)
 * versus "the registry is in trouble" (a retriable RegistryError).
 */
import type { Schema, Type } from 'avsc';
import { DecodeError, RegistryError } from '../errors';
import type { SchemaRegistryClient } from '../registry/schema-registry';
import { avroTypeFor } from './logical-types';

/**
 * The writer type of a schema id; cached for the lifetime of the returned function.
 *
 * @throws DecodeError `UNKNOWN_SCHEMA_ID`, `SCHEMA_RESOLUTION_FAILED` (not an Avro schema we can parse);
 *   RegistryError `REGISTRY_UNAVAILABLE`.
 */
export type WriterTypes = (schemaId: number) => Promise<Type>;

/** Creates a {@link WriterTypes} cache over `registry`. */
export function createWriterTypes(registry: SchemaRegistryClient): WriterTypes {
  // Promises, so that concurrent decodes of a new id share one request.
  const writerTypes = new Map<number, Promise<Type>>();
  return (schemaId) => {
    let pending = writerTypes.get(schemaId);
    if (!pending) {
      pending = fetchWriterType(registry, schemaId);
      writerTypes.set(schemaId, pending);
      // An outage must not be remembered; an unknown id is re-asked too, since it may be registered later.
      pending.catch(() => writerTypes.delete(schemaId));
    }
    return pending;
  };
}

async function fetchWriterType(registry: SchemaRegistryClient, schemaId: number): Promise<Type> {
  let registered: Awaited<ReturnType<SchemaRegistryClient['getSchemaById']>>;
  try {
    registered = await registry.getSchemaById(schemaId);
  } catch (err) {
    // A registry that refuses us (401/403 after a credential change, a proxy's 400, a certificate
    // renewed by another CA) says nothing about the message: retry rather than dead-letter every
    // message with this id.
    if (err instanceof RegistryError && !err.retriable) {
      throw new RegistryError(err.message, 'REGISTRY_UNAVAILABLE', err.details, err);
    }
    throw err;
  }
  if (registered === undefined) {
    throw new DecodeError(
      `Schema id ${schemaId} is not in the schema registry (not found)`,
      'UNKNOWN_SCHEMA_ID',
      { schemaId },
    );
  }
  if (registered.schemaType !== 'AVRO') {
    throw new DecodeError(
      `Schema id ${schemaId} is a ${registered.schemaType} schema, not Avro`,
      'SCHEMA_RESOLUTION_FAILED',
      { schemaId, schemaType: registered.schemaType },
    );
  }
  try {
    return avroTypeFor(JSON.parse(registered.schema) as Schema);
  } catch (err) {
    throw new DecodeError(
      `Schema id ${schemaId} is not an Avro schema we can read: ${(err as Error).message}`,
      'SCHEMA_RESOLUTION_FAILED',
      { schemaId },
      err,
    );
  }
}
