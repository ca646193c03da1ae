/**
 * A small client for the parts of the Confluent schema registry API the runtime uses, returning avsc
 * types built with our logical types and throwing typed errors.
 */
import type { Schema, Type } from 'avsc';
import { DecodeError, RegistryError } from '../errors';
import { avroTypeFor } from '../codec/logical-types';
import { compatibilityLevels, type CompatibilityLevel } from '@contract-events/contracts';
import { messageOf, registryRequest, type RegistryHttpOptions } from './registry-http';

export { compatibilityLevels, type CompatibilityLevel } from '@contract-events/contracts';

/** What the codec and the registration command need from a schema registry. */
export interface SchemaRegistryClient {
  /** Base URL of the Confluent-compatible API. */
  readonly url: string;
  /**
   * The id of `schema` under `subject`, without registering it.
   *
   * @throws RegistryError `SCHEMA_NOT_REGISTERED` (naming the subject), `REGISTRY_UNAVAILABLE`.
   */
  lookupSchemaId(subject: string, schema: object): Promise<number>;
  /**
   * The writer type of a schema id, parsed with our logical types; cached for the client's lifetime.
   *
   * @throws DecodeError `UNKNOWN_SCHEMA_ID`, `SCHEMA_RESOLUTION_FAILED` (not an Avro schema we can parse);
   *   RegistryError `REGISTRY_UNAVAILABLE`.
   */
  getWriterType(schemaId: number): Promise<Type>;
  /** Registers `schema` under `subject` (a no-op returning the same id when it already is). */
  register(subject: string, schema: object): Promise<number>;
  /** The subject's own compatibility level, or undefined when it has none. */
  getCompatibility(subject: string): Promise<CompatibilityLevel | undefined>;
  /** Sets the subject's compatibility level (`PUT /config/{subject}`). */
  setCompatibility(subject: string, level: CompatibilityLevel): Promise<void>;
  /**
   * The registry's verdict on `schema` against one version of `subject` (`latest` by default), under
   * the subject's compatibility level; undefined when the subject or the version does not exist.
   */
  testCompatibility(
    subject: string,
    schema: object | string,
    version?: 'latest' | number,
  ): Promise<CompatibilityVerdict | undefined>;
  /** One cheap round trip (the subjects listing); throws `REGISTRY_UNAVAILABLE` when it fails. */
  ping(): Promise<void>;
}

/** What the registry says of a candidate schema. */
export interface CompatibilityVerdict {
  compatible: boolean;
  /** The registry's reasons when it is not compatible (empty when the registry gives none). */
  messages: string[];
}

// Confluent error codes for "subject not found" and "version not found".
const SUBJECT_OR_VERSION_NOT_FOUND = new Set([40401, 40402]);

/** Options of {@link createSchemaRegistry}. */
export interface SchemaRegistryOptions {
  /** Base URL of the Confluent-compatible API, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`. */
  url: string;
  /** Per-request timeout; default 5000 ms. */
  timeoutMs?: number;
  /** Injected for tests that need to see or break the traffic; default the global fetch. */
  fetch?: typeof globalThis.fetch;
}

/** Creates a {@link SchemaRegistryClient} for one registry. */
export function createSchemaRegistry(options: SchemaRegistryOptions): SchemaRegistryClient {
  const http: RegistryHttpOptions = {
    url: options.url,
    timeoutMs: options.timeoutMs ?? 5000,
    fetch: options.fetch ?? globalThis.fetch,
  };
  // Promises, so that concurrent decodes of a new id share one request.
  const writerTypes = new Map<number, Promise<Type>>();
  const enc = encodeURIComponent;

  async function fetchWriterType(schemaId: number): Promise<Type> {
    let res: Awaited<ReturnType<typeof registryRequest>>;
    try {
      res = await registryRequest(http, 'GET', `/schemas/ids/${schemaId}`);
    } catch (err) {
      // A registry that refuses us (401/403 after a credential change, a proxy's 400) says nothing
      // about the message: retry rather than dead-letter every message with this id.
      if (err instanceof RegistryError && err.code === 'REGISTRY_REJECTED') {
        throw new RegistryError(err.message, 'REGISTRY_UNAVAILABLE', err.details, err);
      }
      throw err;
    }
    const errorCode = (res.body as { error_code?: unknown } | undefined)?.error_code;
    if (res.status === 404 && errorCode === 40403) {
      throw new DecodeError(
        `Schema id ${schemaId} is not in the schema registry (${messageOf(res.body) ?? 'not found'})`,
        'UNKNOWN_SCHEMA_ID',
        { schemaId },
      );
    }
    const body = res.body as { schema?: unknown; schemaType?: unknown } | undefined;
    if (res.status === 404 || typeof body?.schema !== 'string') {
      // Not the registry's "schema not found" answer: a wrong base URL or something in between.
      throw new RegistryError(
        `Schema registry gave no schema for id ${schemaId} (HTTP ${res.status}); is SCHEMA_REGISTRY_URL right?`,
        'REGISTRY_UNAVAILABLE',
        { schemaId, status: res.status },
      );
    }
    if (body?.schemaType !== undefined && body.schemaType !== 'AVRO') {
      throw new DecodeError(
        `Schema id ${schemaId} is a ${String(body.schemaType)} schema, not Avro`,
        'SCHEMA_RESOLUTION_FAILED',
        { schemaId, schemaType: body.schemaType },
      );
    }
    try {
      return avroTypeFor(JSON.parse(String(body?.schema)) as Schema);
    } catch (err) {
      throw new DecodeError(
        `Schema id ${schemaId} is not an Avro schema we can read: ${(err as Error).message}`,
        'SCHEMA_RESOLUTION_FAILED',
        { schemaId },
        err,
      );
    }
  }

  return {
    url: options.url,

    async lookupSchemaId(subject, schema) {
      const res = await registryRequest(http, 'POST', `/subjects/${enc(subject)}`, {
        schema: JSON.stringify(schema),
      });
      if (res.status === 404) {
        throw new RegistryError(
          `Schema is not registered under subject "${subject}" (${messageOf(res.body) ?? 'not found'}); run npm run schemas:register`,
          'SCHEMA_NOT_REGISTERED',
          { subject, registryMessage: messageOf(res.body) },
        );
      }
      return idOf(res.body, subject);
    },

    getWriterType(schemaId) {
      let pending = writerTypes.get(schemaId);
      if (!pending) {
        pending = fetchWriterType(schemaId);
        writerTypes.set(schemaId, pending);
        // An outage must not be remembered; an unknown id is re-asked too, since it may be registered later.
        pending.catch(() => writerTypes.delete(schemaId));
      }
      return pending;
    },

    async register(subject, schema) {
      const res = await registryRequest(http, 'POST', `/subjects/${enc(subject)}/versions`, {
        schema: JSON.stringify(schema),
      });
      if (res.status === 404) {
        throw new RegistryError(
          `Registry refused to register under "${subject}": not found`,
          'REGISTRY_REJECTED',
          {
            subject,
          },
        );
      }
      return idOf(res.body, subject);
    },

    async getCompatibility(subject) {
      const res = await registryRequest(http, 'GET', `/config/${enc(subject)}`);
      if (res.status === 404) return undefined;
      const level = (res.body as { compatibilityLevel?: unknown } | undefined)?.compatibilityLevel;
      return compatibilityLevels.find((known) => known === level);
    },

    async setCompatibility(subject, level) {
      const res = await registryRequest(http, 'PUT', `/config/${enc(subject)}`, { compatibility: level });
      if (res.status === 404) {
        throw new RegistryError(`Registry has no config endpoint for "${subject}"`, 'REGISTRY_REJECTED', {
          subject,
        });
      }
    },

    async testCompatibility(subject, schema, version = 'latest') {
      const res = await registryRequest(
        http,
        'POST',
        `/compatibility/subjects/${enc(subject)}/versions/${enc(String(version))}?verbose=true`,
        { schemaType: 'AVRO', schema: typeof schema === 'string' ? schema : JSON.stringify(schema) },
      );
      const body = res.body as
        { is_compatible?: unknown; messages?: unknown; error_code?: unknown } | undefined;
      if (res.status === 404 && SUBJECT_OR_VERSION_NOT_FOUND.has(Number(body?.error_code))) return undefined;
      if (res.status === 404 || typeof body?.is_compatible !== 'boolean') {
        throw new RegistryError(
          `Schema registry gave no compatibility verdict for "${subject}" (HTTP ${res.status}); is SCHEMA_REGISTRY_URL right?`,
          'REGISTRY_UNAVAILABLE',
          { subject, status: res.status },
        );
      }
      const messages = Array.isArray(body.messages) ? body.messages.map(String) : [];
      return { compatible: body.is_compatible, messages };
    },

    async ping() {
      const res = await registryRequest(http, 'GET', '/subjects');
      if (res.status === 404) {
        throw new RegistryError(
          `Schema registry at ${options.url} has no /subjects endpoint; is SCHEMA_REGISTRY_URL right?`,
          'REGISTRY_UNAVAILABLE',
          { url: options.url, status: res.status },
        );
      }
    },
  };
}

function idOf(body: unknown, subject: string): number {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    throw new RegistryError(`Registry answered without a schema id for "${subject}"`, 'REGISTRY_REJECTED', {
      subject,
    });
  }
  return id;
}
