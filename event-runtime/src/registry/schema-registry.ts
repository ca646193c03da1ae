/**
 * A small client for the parts of the Confluent schema registry API the runtime uses. It answers with
 * the registry's data (ids, schema text, levels, verdicts) and throws typed errors; what the data
 * means for a message (avsc types, decode errors) is the codec's business.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { RegistryError } from '../errors';
import { compatibilityLevels, type CompatibilityLevel } from '@contract-events/contracts';
import type { SchemaRegistryConfig } from '../config/registry-config';
import { messageOf, registryRequest, type RegistryHttpOptions } from './registry-http';

export { compatibilityLevels, type CompatibilityLevel } from '@contract-events/contracts';

/** What the runtime (codec, readiness, registration) and the compatibility gate need from a registry. */
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
   * The schema registered under `schemaId` (`GET /schemas/ids/{id}`), as the registry stores it; undefined
   * when the registry answers that the id does not exist (error code 40403). Not cached.
   *
   * @throws RegistryError `REGISTRY_UNAVAILABLE` (also for a 404 that is not the registry's "schema not
   *   found": a wrong base URL), `REGISTRY_AUTH_FAILED` (401/403), `REGISTRY_REJECTED` (any other 4xx).
   */
  getSchemaById(schemaId: number): Promise<RegisteredSchema | undefined>;
  /** Registers `schema` under `subject` (a no-op returning the same id when it already is). */
  register(subject: string, schema: object): Promise<number>;
  /** The subject's own compatibility level, or undefined when it has none. */
  getCompatibility(subject: string): Promise<CompatibilityLevel | undefined>;
  /** Sets the subject's compatibility level (`PUT /config/{subject}`). */
  setCompatibility(subject: string, level: CompatibilityLevel): Promise<void>;
  /**
   * Deletes `subject` and its versions: a soft delete (`DELETE /subjects/{subject}`), then with
   * `permanent` the hard one (`?permanent=true`), which frees the name for good. For tests and tools that
   * clean up after themselves; a subject that does not exist is not an error.
   */
  deleteSubject(subject: string, options?: { permanent?: boolean }): Promise<void>;
  /**
   * The registry's verdict on `schema` under the subject's compatibility level, against one version of
   * `subject` (`latest` by default) or, with `required`, against every version that level requires
   * (all of them for a `*_TRANSITIVE` level: `POST /compatibility/subjects/{subject}/versions`);
   * undefined when the subject or the version does not exist.
   */
  testCompatibility(
    subject: string,
    schema: object | string,
    version?: 'latest' | 'required' | number,
  ): Promise<CompatibilityVerdict | undefined>;
  /**
   * Every version registered under `subject`, oldest first, with its id and schema text; empty when
   * the subject does not exist. One request per version: for diagnostics (the drift guard's error
   * message), not for a message path.
   */
  listVersions(subject: string): Promise<SubjectVersion[]>;
  /**
   * Every subject and version `schemaId` is registered as (`GET /schemas/ids/{id}/versions`): one id
   * can sit under several subjects. Empty when the id does not exist. Not cached.
   */
  versionsOfId(schemaId: number): Promise<SubjectVersionRef[]>;
  /**
   * One cheap round trip (the subjects listing); throws `REGISTRY_UNAVAILABLE` when it fails,
   * `REGISTRY_AUTH_FAILED` or `REGISTRY_TLS_FAILED` when the registry refuses us or is not trusted.
   */
  ping(): Promise<void>;
}

/** A schema as the registry stores it. */
export interface RegisteredSchema {
  /** The schema text (JSON for Avro). */
  schema: string;
  /** `AVRO`, `JSON` or `PROTOBUF`; the registry omits it for Avro, and so is it filled in here. */
  schemaType: string;
}

/** One registered version of a subject. */
export interface SubjectVersion extends RegisteredSchema {
  version: number;
  /** The schema's global id, the one framed into messages. */
  id: number;
}

/** Where a schema id is registered: a subject and its version number there. */
export interface SubjectVersionRef {
  subject: string;
  version: number;
}

/** What the registry says of a candidate schema. */
export interface CompatibilityVerdict {
  compatible: boolean;
  /** The registry's reasons when it is not compatible (empty when the registry gives none). */
  messages: string[];
}

// Confluent error codes for "subject not found" and "version not found", and for "schema not found".
const SUBJECT_OR_VERSION_NOT_FOUND = new Set([40401, 40402]);
const SCHEMA_NOT_FOUND = 40403;
const SUBJECT_SOFT_DELETED = 40404;

/**
 * Options of {@link createSchemaRegistry}: a {@link SchemaRegistryConfig} as the config parsed it
 * (`url`, and for a secured registry `basicAuth` and `ca`), and what only code sets.
 */
export interface SchemaRegistryOptions extends SchemaRegistryConfig {
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
    fetch: options.fetch ?? (options.ca === undefined ? globalThis.fetch : fetchTrusting(options.ca)),
    basicAuth: options.basicAuth,
  };
  const enc = encodeURIComponent;

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

    async getSchemaById(schemaId) {
      const res = await registryRequest(http, 'GET', `/schemas/ids/${schemaId}`);
      const body = res.body as { schema?: unknown; schemaType?: unknown; error_code?: unknown } | undefined;
      if (res.status === 404 && body?.error_code === SCHEMA_NOT_FOUND) return undefined;
      if (res.status === 404 || typeof body?.schema !== 'string') {
        // Not the registry's "schema not found" answer: a wrong base URL or something in between.
        throw new RegistryError(
          `Schema registry gave no schema for id ${schemaId} (HTTP ${res.status}); is SCHEMA_REGISTRY_URL right?`,
          'REGISTRY_UNAVAILABLE',
          { schemaId, status: res.status },
        );
      }
      return {
        schema: body.schema,
        schemaType: body.schemaType === undefined ? 'AVRO' : String(body.schemaType),
      };
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

    async deleteSubject(subject, { permanent = false } = {}) {
      const path = `/subjects/${enc(subject)}`;
      const soft = await registryRequest(http, 'DELETE', path);
      // 40404: already soft-deleted, which is where the permanent delete starts from.
      if (soft.status === 404 && !isNotFound(soft.body) && errorCodeOf(soft.body) !== SUBJECT_SOFT_DELETED) {
        throw noSuchEndpoint(options.url, `DELETE ${path}`, soft.status);
      }
      if (!permanent) return;
      const hard = await registryRequest(http, 'DELETE', `${path}?permanent=true`);
      if (hard.status === 404 && !isNotFound(hard.body)) {
        throw noSuchEndpoint(options.url, `DELETE ${path}?permanent=true`, hard.status);
      }
    },

    async testCompatibility(subject, schema, version = 'latest') {
      const which = version === 'required' ? '' : `/${enc(String(version))}`;
      const res = await registryRequest(
        http,
        'POST',
        `/compatibility/subjects/${enc(subject)}/versions${which}?verbose=true`,
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

    async listVersions(subject) {
      const res = await registryRequest(http, 'GET', `/subjects/${enc(subject)}/versions`);
      if (res.status === 404 && isNotFound(res.body)) return [];
      if (res.status === 404 || !Array.isArray(res.body)) {
        throw new RegistryError(
          `Schema registry gave no version list for "${subject}" (HTTP ${res.status}); is SCHEMA_REGISTRY_URL right?`,
          'REGISTRY_UNAVAILABLE',
          { subject, status: res.status },
        );
      }
      const numbers = res.body.filter((v): v is number => Number.isInteger(v)).sort((a, b) => a - b);
      const versions: SubjectVersion[] = [];
      for (const version of numbers) {
        const one = await registryRequest(http, 'GET', `/subjects/${enc(subject)}/versions/${version}`);
        // Deleted between the two requests: no longer registered.
        if (one.status === 404 && isNotFound(one.body)) continue;
        const body = one.body as { id?: unknown; schema?: unknown; schemaType?: unknown } | undefined;
        if (one.status === 404 || typeof body?.schema !== 'string' || typeof body.id !== 'number') {
          throw new RegistryError(
            `Schema registry gave no schema for "${subject}" version ${version} (HTTP ${one.status})`,
            'REGISTRY_UNAVAILABLE',
            { subject, version, status: one.status },
          );
        }
        versions.push({
          version,
          id: body.id,
          schema: body.schema,
          schemaType: body.schemaType === undefined ? 'AVRO' : String(body.schemaType),
        });
      }
      return versions;
    },

    async versionsOfId(schemaId) {
      const res = await registryRequest(http, 'GET', `/schemas/ids/${schemaId}/versions`);
      const body = res.body as { error_code?: unknown } | undefined;
      if (res.status === 404 && body?.error_code === SCHEMA_NOT_FOUND) return [];
      if (res.status === 404 || !Array.isArray(res.body)) {
        throw new RegistryError(
          `Schema registry gave no versions for schema id ${schemaId} (HTTP ${res.status}); is SCHEMA_REGISTRY_URL right?`,
          'REGISTRY_UNAVAILABLE',
          { schemaId, status: res.status },
        );
      }
      return (res.body as { subject?: unknown; version?: unknown }[])
        .filter((v) => typeof v.subject === 'string' && Number.isInteger(v.version))
        .map((v) => ({ subject: v.subject as string, version: v.version as number }));
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

/**
 * fetch that trusts `ca` (PEM) for https, instead of Node's bundled CAs. The global fetch takes no TLS
 * options; undici (the library behind it) does, through a dispatcher of its own version, so its own
 * fetch is used with it.
 */
function fetchTrusting(ca: string): typeof globalThis.fetch {
  const dispatcher = new Agent({ connect: { ca } });
  const tlsFetch = (input: string, init?: RequestInit) =>
    undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher });
  return tlsFetch as unknown as typeof globalThis.fetch;
}

/** The registry's own "subject or version not found", not a 404 from something in between. */
function isNotFound(body: unknown): boolean {
  return SUBJECT_OR_VERSION_NOT_FOUND.has(errorCodeOf(body));
}

function errorCodeOf(body: unknown): number {
  return Number((body as { error_code?: unknown } | undefined)?.error_code);
}

/** A 404 that is not the registry's own answer: a wrong base URL or something in between. */
function noSuchEndpoint(url: string, request: string, status: number): RegistryError {
  return new RegistryError(
    `Schema registry at ${url} gave no answer to ${request} (HTTP ${status}); is SCHEMA_REGISTRY_URL right?`,
    'REGISTRY_UNAVAILABLE',
    { url, request, status },
  );
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
