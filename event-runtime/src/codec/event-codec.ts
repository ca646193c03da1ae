/**
 * Encodes events into, and decodes them from, the schema-registry wire format, with the schemas in
 * `schemas/` as readers and writers. After `init()` no message costs a registry round trip: writer ids
 * are looked up once per topic and writer schemas fetched once per id. Once those are known, a message
 * costs no promise either: `encode` and `decode` are `encodeSync` and `decodeSync` behind a resolved
 * promise, and callers that can may use the synchronous forms directly.
 */
import type { Type } from 'avsc';
import { RegistryError } from '../errors';
import { topicNames, topicSchemas, type TopicEvents, type TopicName } from '../generated';
import type { SchemaRegistryClient } from '../registry/schema-registry';
import { createEventDecoder, type EventDecoder, WriterSchemaNotFetchedError } from './event-decoder';
import { avroTypeFor } from './logical-types';
import { explainUnregistered } from './schema-drift';
import * as validate from './validate';
import { createFrameWriter } from './frame-writer';
import { createWriterTypes } from './writer-types';

// Bound once: tsx compiles each use of an imported name into a getter call, per event on this path.
const { assertValidEvent } = validate;

/** Options of {@link createEventCodec}. */
export interface EventCodecOptions {
  registry: SchemaRegistryClient;
  /** Topics this codec serves; default every topic with a contract. */
  topics?: readonly TopicName[];
  /**
   * The registry subject of a topic's values; default `<topic>-value` (topic-name strategy). Tests map
   * topics to random subjects with it.
   */
  subjectFor?: (topic: TopicName) => string;
}

/** Encoder and decoder for the events of a set of topics. */
export interface EventCodec {
  /**
   * Looks up the registry id of every local schema, without registering anything. This is the drift
   * guard: a schema this build was generated from that is not among its subject's registered
   * versions stops start-up.
   *
   * @throws SchemaNotRegisteredError (`SCHEMA_NOT_REGISTERED`) naming the subject, the generated
   *   schema's fingerprint and the latest registered one; RegistryError `REGISTRY_UNAVAILABLE` (retriable).
   */
  init(): Promise<void>;
  /**
   * Validates `event` and frames its Avro body with the topic's schema id.
   *
   * @throws EventValidationError `EVENT_SCHEMA_MISMATCH` with one entry per bad field.
   */
  encode<T extends TopicName>(topic: T, event: TopicEvents[T]): Promise<Buffer>;
  /**
   * {@link EventCodec.encode} without a promise, once the topic's schema id is known (`init()`).
   *
   * @throws EventValidationError as `encode`; RangeError before the schema id is known.
   */
  encodeSync<T extends TopicName>(topic: T, event: TopicEvents[T]): Buffer;
  /**
   * Reads a message written with any registered schema that resolves into the topic's local schema.
   *
   * @throws DecodeError for bytes that can never be decoded; RegistryError `REGISTRY_UNAVAILABLE`.
   */
  decode<T extends TopicName>(topic: T, message: Buffer | null | undefined): Promise<TopicEvents[T]>;
  /**
   * {@link EventCodec.decode} without a promise, for a message whose writer schema an earlier `decode`
   * already fetched (the steady state).
   *
   * @throws DecodeError as `decode`; RangeError (`WriterSchemaNotFetchedError`) when the writer schema
   *   id was never fetched.
   */
  decodeSync<T extends TopicName>(topic: T, message: Buffer | null | undefined): TopicEvents[T];
  /** The registry id of the topic's local schema; throws before `init()` (or a first encode) resolved it. */
  schemaIdOf(topic: TopicName): number;
  /** The registry subject of the topic's values. */
  subjectOf(topic: TopicName): string;
}

/** Creates an {@link EventCodec}; call `init()` at startup to fail fast on unregistered schemas. */
export function createEventCodec(options: EventCodecOptions): EventCodec {
  const { registry } = options;
  const topics: readonly TopicName[] = options.topics ?? topicNames;
  const subjectFor = options.subjectFor ?? ((topic: TopicName) => `${topic}-value`);
  const readerTypes = new Map<TopicName, Type>(
    topics.map((topic) => [topic, avroTypeFor(topicSchemas[topic])]),
  );
  const writerTypes = createWriterTypes(registry);
  const decoders = new Map<TopicName, EventDecoder>(
    [...readerTypes].map(([topic, reader]) => [topic, createEventDecoder({ topic, reader, writerTypes })]),
  );
  const ids = new Map<TopicName, number>();
  const pendingIds = new Map<TopicName, Promise<number>>();
  const writeFrame = createFrameWriter();

  function readerOf(topic: TopicName): Type {
    const type = readerTypes.get(topic);
    if (!type) throw notServed(topic);
    return type;
  }

  function decoderOf(topic: TopicName): EventDecoder {
    const decoder = decoders.get(topic);
    if (!decoder) throw notServed(topic);
    return decoder;
  }

  function notServed(topic: TopicName): RangeError {
    return new RangeError(`Topic "${topic}" is not served by this codec (topics: ${topics.join(', ')})`);
  }

  function encodeKnown(topic: TopicName, id: number, event: unknown): Buffer {
    const type = readerOf(topic);
    assertValidEvent(type, event, topic);
    return writeFrame(id, type, event);
  }

  function idFor(topic: TopicName): Promise<number> {
    const known = ids.get(topic);
    if (known !== undefined) return Promise.resolve(known);
    let pending = pendingIds.get(topic);
    if (!pending) {
      const subject = subjectFor(topic);
      const schema = topicSchemas[topic];
      pending = registry.lookupSchemaId(subject, schema).then(
        (id) => {
          // Checked once here, so that framing each message need not.
          if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
            throw new RangeError(`schema id must be an unsigned 32-bit integer, got ${String(id)}`);
          }
          ids.set(topic, id);
          return id;
        },
        // The drift guard: say which schema the registry has instead, by fingerprint.
        async (err: unknown) => {
          if (!(err instanceof RegistryError && err.code === 'SCHEMA_NOT_REGISTERED')) throw err;
          throw await explainUnregistered(registry, { topic, subject, schema, cause: err });
        },
      );
      pendingIds.set(topic, pending);
      pending.then(
        () => pendingIds.delete(topic),
        () => pendingIds.delete(topic),
      );
    }
    return pending;
  }

  return {
    async init() {
      await Promise.all(topics.map((topic) => idFor(topic)));
    },

    encode(topic, event) {
      // Not an async function: once the id is known, an event costs one resolved promise, no await.
      try {
        const known = ids.get(topic);
        if (known !== undefined) return Promise.resolve(encodeKnown(topic, known, event));
        // Before init(): validate first, so that a bad event fails without a registry round trip.
        assertValidEvent(readerOf(topic), event, topic);
      } catch (err) {
        return Promise.reject(err as Error);
      }
      return idFor(topic).then((id) => encodeKnown(topic, id, event));
    },

    encodeSync(topic, event) {
      const id = ids.get(topic);
      if (id === undefined) {
        readerOf(topic);
        throw new RangeError(`Schema id of "${topic}" is not known yet: call init() first`);
      }
      return encodeKnown(topic, id, event);
    },

    decode<T extends TopicName>(topic: T, message: Buffer | null | undefined): Promise<TopicEvents[T]> {
      // Not an async function: a message of a known writer id costs one resolved promise, no await.
      let decoder: EventDecoder | undefined;
      try {
        decoder = decoderOf(topic); // a topic this codec does not serve is the caller's bug: RangeError
        return Promise.resolve(decoder.decodeSync(message).value as TopicEvents[T]);
      } catch (err) {
        if (decoder && err instanceof WriterSchemaNotFetchedError) {
          return decoder.decode(message).then(({ value }) => value as TopicEvents[T]);
        }
        return Promise.reject(err as Error);
      }
    },

    decodeSync<T extends TopicName>(topic: T, message: Buffer | null | undefined): TopicEvents[T] {
      return decoderOf(topic).decodeSync(message).value as TopicEvents[T];
    },

    schemaIdOf(topic) {
      const id = ids.get(topic);
      if (id === undefined)
        throw new RangeError(`Schema id of "${topic}" is not known yet: call init() first`);
      return id;
    },

    subjectOf: (topic) => subjectFor(topic),
  };
}
