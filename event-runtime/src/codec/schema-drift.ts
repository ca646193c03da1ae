/**
 * The drift guard's words. A service is built from the schemas it was generated from; when the
 * registry does not know that schema under the topic's subject, the service would write events that
 * no registered version describes (and that its consumers were never checked against), or read with
 * a reader nobody checked. Start-up then stops with an error naming the subject and the fingerprints
 * of both sides, so the two schemas can be told apart without reading them.
 */
import { createHash } from 'node:crypto';
import { Type, type Schema } from 'avsc';
import { SchemaNotRegisteredError } from '../errors';
import type { SchemaRegistryClient } from '../registry/schema-registry';

/**
 * The Avro SHA-256 fingerprint of a schema: SHA-256 of its Parsing Canonical Form (Avro
 * specification, "Schema Fingerprints"; Java's `SchemaNormalization.parsingFingerprint("SHA-256", s)`),
 * as `sha256:<64 hex digits>`. The canonical form keeps names, types, fields, symbols, sizes and
 * items, and drops docs, defaults, aliases and logical types. Undefined for text that is not an Avro
 * schema.
 */
export function schemaFingerprint(schema: object | string): string | undefined {
  try {
    const json: unknown = typeof schema === 'string' ? JSON.parse(schema) : schema;
    // No logical types: the canonical form has none, and an unknown one must not fail the parse.
    const canonical = JSON.stringify(Type.forSchema(json as Schema).schema());
    return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
  } catch {
    return undefined;
  }
}

/** What the guard knows about the failed look-up of one topic's schema. */
export interface UnregisteredSchema {
  topic: string;
  subject: string;
  /** The schema the build was generated from (`topicSchemas[topic]`). */
  schema: object;
  /** The registry's "not registered" answer, kept as the cause. */
  cause: unknown;
}

/**
 * The {@link SchemaNotRegisteredError} for a schema the registry did not find under its subject,
 * with the fingerprints of the generated schema and of every registered version.
 *
 * @throws RegistryError when the registry cannot list the subject's versions (`REGISTRY_UNAVAILABLE`
 *   is retriable: start-up tries again and asks again).
 */
export async function explainUnregistered(
  registry: SchemaRegistryClient,
  unregistered: UnregisteredSchema,
): Promise<SchemaNotRegisteredError> {
  const { topic, subject, schema, cause } = unregistered;
  const generated = schemaFingerprint(schema) ?? 'unreadable';
  const versions = await registry.listVersions(subject);
  const registered = versions.map((v) => ({
    version: v.version,
    id: v.id,
    fingerprint: (v.schemaType === 'AVRO' && schemaFingerprint(v.schema)) || `not Avro (${v.schemaType})`,
  }));
  const latest = registered.at(-1);
  const sameCanonical = registered.filter((v) => v.fingerprint === generated).map((v) => v.version);
  const message =
    `Schema drift on subject "${subject}" (topic ${topic}): the schema this build was generated from ` +
    `(Avro fingerprint ${generated}) is not among the subject's registered versions; ` +
    registeredPart(latest, registered.length) +
    sameCanonicalPart(sameCanonical) +
    '. Register it (npm run schemas:register, where the compatibility gate decides) or rebuild from ' +
    'the registered schema (npm run codegen).';
  return new SchemaNotRegisteredError(
    message,
    {
      topic,
      subject,
      generatedFingerprint: generated,
      registeredFingerprint: latest?.fingerprint,
      registeredVersions: registered,
    },
    cause,
  );
}

function registeredPart(
  latest: { version: number; id: number; fingerprint: string } | undefined,
  count: number,
): string {
  if (!latest) return 'the subject has no registered version (registered fingerprint: none)';
  return (
    `the latest registered version, ${latest.version} of ${count} (schema id ${latest.id}), ` +
    `has fingerprint ${latest.fingerprint}`
  );
}

function sameCanonicalPart(versions: number[]): string {
  if (versions.length === 0) return '';
  return (
    ` (version ${versions.join(', ')} has the same canonical form, so the schemas differ only in` +
    ' docs, defaults, aliases, sort orders or logical types)'
  );
}
