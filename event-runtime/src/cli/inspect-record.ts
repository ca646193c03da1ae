/**
 * What `npm run inspect` shows of one record: where it is, its key and headers, the schema it was
 * written with (subject, id, version) and its value decoded through the registry with that schema;
 * for a dead letter, why and where from; for bytes that do not decode, the reason and the bytes in hex.
 */
import { createWriterSchemaDecoder } from '../codec/event-decoder';
import { readSchemaId } from '../codec/wire-format';
import { DLQ_HEADERS } from '../consumer/dead-letter';
import { DecodeError } from '../errors';
import type { SchemaRegistryClient } from '../registry/schema-registry';
import type { IncomingMessage } from '../transport/types';

/** A record as printed: JSON-ready (no bigint, Buffer or Date left). */
export interface InspectedRecord {
  topic: string;
  partition: number;
  offset: string;
  /** ISO 8601 (the raw value when Kafka gave none). */
  timestamp: string;
  /** The key as UTF-8 text; null for no key or a key that is not valid UTF-8 (then `keyHex`). */
  key: string | null;
  keyHex?: string;
  /** The record's headers, without the dead-letter ones `deadLetter` shows. */
  headers: Record<string, string>;
  /** The writer schema; subject and version are absent when the registry lists none for the id. */
  schema?: { id: number; subject?: string; version?: number };
  /** The decoded event: decimals as strings, longs as decimal strings, timestamps ISO 8601, bytes hex. */
  value?: unknown;
  /** A null value (a tombstone on a compacted topic). */
  tombstone?: true;
  /** Why the value does not decode (a decode error code and its message), and its bytes. */
  undecodable?: { code: string; reason: string; hex: string };
  /** The dead-letter headers (`consumer/dead-letter.ts`): why the consumer gave up and where it read it. */
  deadLetter?: {
    code: string;
    reason: string;
    source: { topic: string; partition: string; offset: string };
    failedAt?: string;
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The key as text, or undefined when it is not valid UTF-8. */
export function keyText(key: Buffer | null): string | null | undefined {
  if (key === null) return null;
  try {
    return utf8.decode(key);
  } catch {
    return undefined;
  }
}

/** A decoded Avro value made JSON-ready: bigint → decimal string, bytes → hex, Date → ISO 8601. */
export function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/** Kafka's millisecond timestamp as ISO 8601; kept as given when it is not one (-1: none). */
export function isoTimestamp(ms: string): string {
  const n = Number(ms);
  return Number.isFinite(n) && n >= 0 ? new Date(n).toISOString() : ms;
}

const dlqHeaderNames = new Set<string>(Object.values(DLQ_HEADERS));

/** The dead-letter part of a record and its other headers; no `deadLetter` when it is not one. */
export function splitHeaders(
  headers: Record<string, string>,
): Pick<InspectedRecord, 'headers' | 'deadLetter'> {
  const code = headers[DLQ_HEADERS.errorCode];
  if (code === undefined) return { headers };
  const rest = Object.fromEntries(Object.entries(headers).filter(([name]) => !dlqHeaderNames.has(name)));
  return {
    headers: rest,
    deadLetter: {
      code,
      reason: headers[DLQ_HEADERS.errorMessage] ?? '',
      source: {
        topic: headers[DLQ_HEADERS.sourceTopic] ?? '',
        partition: headers[DLQ_HEADERS.sourcePartition] ?? '',
        offset: headers[DLQ_HEADERS.sourceOffset] ?? '',
      },
      ...(headers[DLQ_HEADERS.failedAt] === undefined ? {} : { failedAt: headers[DLQ_HEADERS.failedAt] }),
    },
  };
}

/**
 * Creates the function that inspects records of `topic`, decoding each with its writer schema. Writer
 * schemas and their subjects are fetched once per schema id.
 *
 * @returns a function that throws only when the registry cannot answer (RegistryError): a record that
 *   cannot be decoded is shown as undecodable instead.
 */
export function createRecordInspector(
  registry: SchemaRegistryClient,
  topic: string,
): (message: IncomingMessage) => Promise<InspectedRecord> {
  const decoder = createWriterSchemaDecoder({ topic, registry });
  const subjects = new Map<string, Promise<InspectedRecord['schema']>>();

  /** The subject of the record's own topic when the id is registered under several (tests share schemas). */
  function schemaOf(id: number, sourceTopic: string): Promise<InspectedRecord['schema']> {
    const cacheKey = `${id}\u0000${sourceTopic}`;
    let known = subjects.get(cacheKey);
    if (!known) {
      known = registry.versionsOfId(id).then((refs) => {
        const ref = refs.find((r) => r.subject === `${sourceTopic}-value`) ?? refs[0];
        return ref ? { id, subject: ref.subject, version: ref.version } : { id };
      });
      subjects.set(cacheKey, known);
      known.catch(() => subjects.delete(cacheKey));
    }
    return known;
  }

  return async (message) => {
    const { headers, deadLetter } = splitHeaders(message.headers);
    const key = keyText(message.key);
    const record: InspectedRecord = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      timestamp: isoTimestamp(message.timestamp),
      key: key ?? null,
      ...(key === undefined ? { keyHex: message.key!.toString('hex') } : {}),
      headers,
      ...(deadLetter ? { deadLetter } : {}),
    };
    if (message.value === null) return { ...record, tombstone: true, value: null };
    try {
      const decoded = await decoder.decode(message.value);
      const schema = await schemaOf(decoded.schemaId, deadLetter?.source.topic || message.topic);
      return { ...record, schema, value: toPlain(decoded.value) };
    } catch (err) {
      // Only the record's own fault is shown with it; a registry that is down or refuses us stops the tool.
      if (!(err instanceof DecodeError)) throw err;
      const schema = await framedSchema(message.value, deadLetter?.source.topic || message.topic);
      const undecodable = { code: err.code, reason: err.message, hex: message.value.toString('hex') };
      return { ...record, ...(schema ? { schema } : {}), undecodable };
    }
  };

  /** The schema a record names in its frame, when it has a frame (shown even when its body is broken). */
  async function framedSchema(value: Buffer, sourceTopic: string): Promise<InspectedRecord['schema']> {
    let id: number;
    try {
      id = readSchemaId(value);
    } catch {
      return undefined;
    }
    return schemaOf(id, sourceTopic);
  }
}
