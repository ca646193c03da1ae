/**
 * Decodes wire-format messages into one reader type: the codec's decode path, and on its own the
 * compatibility gate's replay (`schemas:check --replay`), which reads retained events through a
 * candidate schema that is not the generated one.
 */
import { Type, type Schema } from 'avsc';
import { DecodeError, type EventSystemError } from '../errors';
import type { SchemaRegistryClient } from '../registry/schema-registry';
import { avroTypeFor } from './logical-types';
import * as wireFormat from './wire-format';
import { createWriterTypes, type WriterTypes } from './writer-types';

// Bound once: tsx compiles each use of an imported name into a getter call, per message on this path.
const { HEADER_LENGTH, readSchemaId } = wireFormat;

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
  /**
   * {@link EventDecoder.decode} without a promise, for a message whose writer schema is already known
   * (an earlier `decode` of its schema id fetched it): the steady state of a consumer.
   *
   * @throws DecodeError as `decode`; {@link WriterSchemaNotFetchedError} (a RangeError) when the
   *   message's writer schema was never fetched (not a property of the message: call `decode`).
   */
  decodeSync(message: Buffer | null | undefined): DecodedMessage;
}

/**
 * What `decodeSync` throws for a message whose writer schema was never fetched: a RangeError (the
 * caller's order of calls, not the message, is at fault), told apart so `decode` can fetch instead.
 */
export class WriterSchemaNotFetchedError extends RangeError {
  constructor(
    readonly topic: string,
    readonly schemaId: number,
  ) {
    super(`Writer schema id ${schemaId} of ${topic} is not fetched yet: decode() it first`);
    this.name = 'WriterSchemaNotFetchedError';
  }
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

/** How messages of one writer schema id are read: compiled once per id. */
interface WriterReading {
  writer: Type;
  /** Undefined when the writer schema is the reader's own: read directly, no resolution step. */
  resolver: Resolver | undefined;
  /** Set when the writer cannot be read as the reader: every message of the id fails with it. */
  failure: DecodeError | undefined;
}

type Resolver = ReturnType<Type['createResolver']>;

/** Creates an {@link EventDecoder}; how to read each writer id is worked out once and cached. */
export function createEventDecoder({ topic, reader, writerTypes }: EventDecoderOptions): EventDecoder {
  // A failed resolution is remembered too, since it cannot change for the same reader and writer.
  const readings = new Map<number, WriterReading>();
  const readerSchema = JSON.stringify(reader.schema({ exportAttrs: true }));

  function compile(schemaId: number, writer: Type): WriterReading {
    let reading: WriterReading;
    try {
      // The same schema, logical types included (most messages: this build's own schema), reads
      // into the same values without a resolver, which would convert each logical value twice.
      const same = JSON.stringify(writer.schema({ exportAttrs: true })) === readerSchema;
      reading = { writer, resolver: same ? undefined : reader.createResolver(writer), failure: undefined };
    } catch (err) {
      const failure = new DecodeError(
        `Schema id ${schemaId} cannot be read as ${topic}: ${(err as Error).message}`,
        'SCHEMA_RESOLUTION_FAILED',
        { topic, schemaId },
        err,
      );
      reading = { writer, resolver: undefined, failure };
    }
    readings.set(schemaId, reading);
    return reading;
  }

  function read(message: Buffer, schemaId: number, reading: WriterReading): DecodedMessage {
    if (reading.failure !== undefined) throw reading.failure;
    let decoded: { value: unknown; offset: number };
    try {
      decoded = reader.decode(message, HEADER_LENGTH, reading.resolver);
    } catch (err) {
      throw classifyFailure(topic, schemaId, reading.writer, message.subarray(HEADER_LENGTH), err);
    }
    if (decoded.offset === -1) throw truncated(topic, schemaId, message.subarray(HEADER_LENGTH));
    if (decoded.offset < message.length) {
      const bodyLength = message.length - HEADER_LENGTH;
      const decodedLength = decoded.offset - HEADER_LENGTH;
      throw new DecodeError(
        `${topic} message with schema id ${schemaId} has ${bodyLength - decodedLength} byte(s) after the Avro body`,
        'TRAILING_BYTES',
        { topic, schemaId, bodyLength, decodedLength },
      );
    }
    return { value: decoded.value, schemaId };
  }

  async function fetchAndRead(message: Buffer, schemaId: number): Promise<DecodedMessage> {
    return read(message, schemaId, compile(schemaId, await writerTypes(schemaId)));
  }

  return {
    decode(message) {
      // Not an async function: a known writer id costs one resolved promise, no await.
      try {
        const schemaId = readSchemaId(message);
        const reading = readings.get(schemaId);
        if (reading === undefined) return fetchAndRead(message as Buffer, schemaId);
        return Promise.resolve(read(message as Buffer, schemaId, reading));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    },

    decodeSync(message) {
      const schemaId = readSchemaId(message);
      const reading = readings.get(schemaId);
      if (reading === undefined) throw new WriterSchemaNotFetchedError(topic, schemaId);
      return read(message as Buffer, schemaId, reading);
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

/**
 * A decoder with no reader schema of ours: each message is read with the schema it was written with
 * (fetched by id, once), on any topic. What a person inspecting a topic wants to see; also the
 * decoders' own checks (framing, truncation, trailing bytes) with their codes.
 */
export function createWriterSchemaDecoder(options: {
  topic: string;
  registry: SchemaRegistryClient;
}): Pick<EventDecoder, 'decode'> {
  const writerTypes = createWriterTypes(options.registry);
  const decoders = new Map<number, EventDecoder>();
  return {
    async decode(message) {
      const schemaId = readSchemaId(message);
      let decoder = decoders.get(schemaId);
      if (!decoder) {
        // Reader and writer are the same schema: read directly, no resolution.
        decoder = createEventDecoder({
          topic: options.topic,
          reader: await writerTypes(schemaId),
          writerTypes,
        });
        decoders.set(schemaId, decoder);
      }
      return decoder.decode(message);
    },
  };
}
