/**
 * Decodes wire-format messages into one reader type: the codec's decode path, and on its own the
 * compatibility gate's replay (`schemas:check --replay`), which reads retained events through a
 * candidate schema that is not the generated one.
 */
import { Type, type Schema } from 'avsc';
import { DecodeError, type EventSystemError } from '../errors';
import type { SchemaRegistryClient } from '../registry/schema-registry';
import { avroTypeFor } from './logical-types';
import { parseFrame } from './wire-format';
import { createWriterTypes, type WriterTypes } from './writer-types';

/** A message decoded, with the registry id of the schema it was written with. */
export interface DecodedMessage {
  value: unknown;
  schemaId: number;
}

/** Decoder of one topic's messages into one reader type. */
export interface EventDecoder {
  /**
   * Reads a message written with any registered schema that resolves into the reader.
   *
   * @throws DecodeError for bytes that can never be decoded; RegistryError `REGISTRY_UNAVAILABLE`.
   */
  decode(message: Buffer | null | undefined): Promise<DecodedMessage>;
}

/** Options of {@link createEventDecoder}. */
export interface EventDecoderOptions {
  /** The topic, as named in error messages and details. */
  topic: string;
  /** The reader type, parsed with the runtime's logical types (`avroTypeFor`). */
  reader: Type;
  /** Writer types by schema id; shared between decoders so each id is fetched once. */
  writerTypes: WriterTypes;
}

/** Creates an {@link EventDecoder}; resolvers are cached per writer id. */
export function createEventDecoder({ topic, reader, writerTypes }: EventDecoderOptions): EventDecoder {
  // A failed resolution is remembered too, since it cannot change for the same reader and writer.
  const resolvers = new Map<number, ReturnType<Type['createResolver']> | DecodeError>();

  function resolverFor(schemaId: number, writer: Type) {
    let resolver = resolvers.get(schemaId);
    if (!resolver) {
      try {
        resolver = reader.createResolver(writer);
      } catch (err) {
        resolver = new DecodeError(
          `Schema id ${schemaId} cannot be read as ${topic}: ${(err as Error).message}`,
          'SCHEMA_RESOLUTION_FAILED',
          { topic, schemaId },
          err,
        );
      }
      resolvers.set(schemaId, resolver);
    }
    if (resolver instanceof DecodeError) throw resolver;
    return resolver;
  }

  return {
    async decode(message) {
      const { schemaId, body } = parseFrame(message);
      const writer = await writerTypes(schemaId);
      const resolver = resolverFor(schemaId, writer);
      let decoded: { value: unknown; offset: number };
      try {
        decoded = reader.decode(body, 0, resolver);
      } catch (err) {
        throw classifyFailure(topic, schemaId, writer, body, err);
      }
      if (decoded.offset === -1) throw truncated(topic, schemaId, body);
      if (decoded.offset < body.length) {
        throw new DecodeError(
          `${topic} message with schema id ${schemaId} has ${body.length - decoded.offset} byte(s) after the Avro body`,
          'TRAILING_BYTES',
          { topic, schemaId, bodyLength: body.length, decodedLength: decoded.offset },
        );
      }
      return { value: decoded.value, schemaId };
    },
  };
}

/**
 * A decoder into a schema given as JSON (a candidate reader, not the generated one), with writer
 * schemas fetched from `registry` once per id.
 *
 * @throws Error from avsc when `schema` is not a valid Avro schema.
 */
export function createSchemaDecoder(options: {
  topic: string;
  schema: object;
  registry: SchemaRegistryClient;
}): EventDecoder {
  return createEventDecoder({
    topic: options.topic,
    reader: avroTypeFor(options.schema as Schema),
    writerTypes: createWriterTypes(options.registry),
  });
}

/**
 * Tells a body that ended early from one whose values break the contract. Logical types see a short
 * read as a bad value before avsc notices the overrun, so the body is re-read without them.
 */
function classifyFailure(
  topic: string,
  schemaId: number,
  writer: Type,
  body: Buffer,
  err: unknown,
): EventSystemError {
  try {
    const plain = Type.forSchema(writer.schema());
    if (plain.decode(body, 0).offset === -1) return truncated(topic, schemaId, body);
  } catch {
    // The plain read failing as well means the bytes themselves are malformed: reported below.
  }
  return new DecodeError(
    `${topic} message with schema id ${schemaId} has an invalid body: ${(err as Error).message}`,
    'MALFORMED_BODY',
    { topic, schemaId },
    err,
  );
}

function truncated(topic: string, schemaId: number, body: Buffer): DecodeError {
  return new DecodeError(
    `${topic} message with schema id ${schemaId} ends before its Avro body does (${body.length} body bytes)`,
    'TRUNCATED_MESSAGE',
    { topic, schemaId, bodyLength: body.length },
  );
}
