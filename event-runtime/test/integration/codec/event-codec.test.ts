import { avroTypeFor } from '../../../src/codec/logical-types';
import { createEventCodec, type EventCodec } from '../../../src/codec/event-codec';
import { frame } from '../../../src/codec/wire-format';
import { createWriterTypes } from '../../../src/codec/writer-types';
import { SchemaNotRegisteredError } from '../../../src/errors';
import { schemaFingerprint } from '../../../src/codec/schema-drift';
import { topicNames, topicSchemas, type TopicName } from '../../../src/generated';
import { createSchemaRegistry, type SchemaRegistryClient } from '../../../src/registry/schema-registry';
import { sampleEvents } from './fixtures';
import { deadUrl, randomName, registryUrl, startCountingProxy } from './helpers';
import { rejection } from '../../../../test/support/rejection';

const orderSchema = topicSchemas.order_created;
/** An older order_created: it still had a `coupon` field, with a default, later removed. */
const orderV1 = {
  ...orderSchema,
  fields: [...orderSchema.fields, { name: 'coupon', type: ['null', 'string'], default: null }],
};
/** A newer order_created: it adds `channel`, with a default. */
const orderV3 = {
  ...orderSchema,
  fields: [...orderSchema.fields, { name: 'channel', type: 'string', default: 'web' }],
};
/** Missing `currency`, which today's reader requires and has no default for. */
const orderWithoutCurrency = {
  ...orderSchema,
  fields: orderSchema.fields.filter((f) => f.name !== 'currency'),
};

/** A registry client and a codec whose topics map to fresh random subjects holding the local schemas. */
async function freshCodec(registry = createSchemaRegistry({ url: registryUrl })) {
  const subjects = Object.fromEntries(topicNames.map((t) => [t, `${randomName()}-value`])) as Record<
    TopicName,
    string
  >;
  for (const topic of topicNames) {
    await registry.setCompatibility(subjects[topic], 'FULL_TRANSITIVE');
    await registry.register(subjects[topic], topicSchemas[topic]);
  }
  const codec = createEventCodec({ registry, subjectFor: (t) => subjects[t] });
  await codec.init();
  return { registry, codec, subjects };
}

describe('event codec against the real registry', () => {
  let registry: SchemaRegistryClient;
  let codec: EventCodec;
  let subjects: Record<TopicName, string>;

  beforeAll(async () => {
    ({ registry, codec, subjects } = await freshCodec());
  });

  it.each(topicNames)('round-trips a %s event with the registered id in the frame', async (topic) => {
    const bytes = await codec.encode(topic, sampleEvents[topic]);
    expect(bytes.readUInt8(0)).toBe(0);
    expect(bytes.readUInt32BE(1)).toBe(codec.schemaIdOf(topic));
    expect(await registry.lookupSchemaId(subjects[topic], topicSchemas[topic])).toBe(codec.schemaIdOf(topic));
    expect(await codec.decode(topic, bytes)).toEqual(sampleEvents[topic]);
  });

  it('normalises amounts to the schema scale on the way through', async () => {
    const bytes = await codec.encode('order_created', { ...sampleEvents.order_created, amount: '12.5' });
    expect((await codec.decode('order_created', bytes)).amount).toBe('12.50');
  });

  it('refuses an invalid event before touching the registry, naming the field', async () => {
    const err = await rejection(
      codec.encode('order_created', { ...sampleEvents.order_created, amount: '1.234' }),
    );
    expect(err.code).toBe('EVENT_SCHEMA_MISMATCH');
    expect(err.message).toContain(
      'order_created.amount: expected a decimal with at most 2 places, got "1.234"',
    );
  });

  describe('schema evolution under FULL_TRANSITIVE', () => {
    const subject = `${randomName()}-value`;
    let ids: { v1: number; v2: number; v3: number };
    let evolving: EventCodec;

    beforeAll(async () => {
      await registry.setCompatibility(subject, 'FULL_TRANSITIVE');
      ids = {
        v1: await registry.register(subject, orderV1),
        v2: await registry.register(subject, orderSchema),
        v3: await registry.register(subject, orderV3),
      };
      evolving = createEventCodec({ registry, topics: ['order_created'], subjectFor: () => subject });
      await evolving.init();
    });

    it('registered three distinct versions and looks up today’s', () => {
      expect(new Set(Object.values(ids)).size).toBe(3);
      expect(evolving.schemaIdOf('order_created')).toBe(ids.v2);
    });

    it('reads bytes written with the older v1 (extra field dropped)', async () => {
      const v1Bytes = frame(
        ids.v1,
        avroTypeFor(orderV1).toBuffer({ ...sampleEvents.order_created, coupon: 'X1' }),
      );
      const event = await evolving.decode('order_created', v1Bytes);
      expect(event).toEqual(sampleEvents.order_created);
      expect(event).not.toHaveProperty('coupon');
    });

    it('reads bytes written with the newer v3 (new defaulted field ignored)', async () => {
      const v3Bytes = frame(
        ids.v3,
        avroTypeFor(orderV3).toBuffer({ ...sampleEvents.order_created, channel: 'app' }),
      );
      expect(await evolving.decode('order_created', v3Bytes)).toEqual(sampleEvents.order_created);
    });

    it('lets a consumer already on v3 read what today’s producer writes (the default fills the new field)', async () => {
      const todaysBytes = await evolving.encode('order_created', sampleEvents.order_created);
      const [writer, v3Reader] = [await createWriterTypes(registry)(ids.v2), avroTypeFor(orderV3)];
      const body = todaysBytes.subarray(5);
      expect(todaysBytes.readUInt32BE(1)).toBe(ids.v2);
      const decoded = v3Reader.fromBuffer(body, v3Reader.createResolver(writer)) as Record<string, unknown>;
      expect(decoded).toEqual({ ...sampleEvents.order_created, channel: 'web' });
    });

    it('is refused by the registry when a version breaks FULL_TRANSITIVE', async () => {
      const err = await rejection(registry.register(subject, orderWithoutCurrency));
      expect(err.code).toBe('REGISTRY_REJECTED');
      expect(err.retriable).toBe(false);
    });
  });

  describe('malformed input', () => {
    let good: Buffer;
    beforeAll(async () => {
      good = await codec.encode('order_created', sampleEvents.order_created);
    });

    it.each([
      ['empty', () => Buffer.alloc(0), 'EMPTY_MESSAGE'],
      ['a tombstone', () => null, 'EMPTY_MESSAGE'],
      ['shorter than the header', () => good.subarray(0, 3), 'MESSAGE_TOO_SHORT'],
      ['a bad magic byte', () => Buffer.concat([Buffer.from([1]), good.subarray(1)]), 'BAD_MAGIC_BYTE'],
      ['JSON', () => Buffer.from(JSON.stringify({ amount: '1.00' })), 'BAD_MAGIC_BYTE'],
      ['an unknown schema id', () => frame(2_000_000_000, good.subarray(5)), 'UNKNOWN_SCHEMA_ID'],
      ['a header without body', () => good.subarray(0, 5), 'TRUNCATED_MESSAGE'],
      ['cut inside a uuid', () => good.subarray(0, 20), 'TRUNCATED_MESSAGE'],
      ['cut inside the amount', () => good.subarray(0, good.length - 6), 'TRUNCATED_MESSAGE'],
      ['cut by one byte', () => good.subarray(0, good.length - 1), 'TRUNCATED_MESSAGE'],
      ['followed by extra bytes', () => Buffer.concat([good, Buffer.from([0, 1])]), 'TRAILING_BYTES'],
      ['a uuid field holding garbage', () => withFirstString(good, 'not-a-uuid-at-all'), 'MALFORMED_BODY'],
    ])('rejects %s with %s, not retriable', async (_name, makeInput, code) => {
      const err = await rejection(codec.decode('order_created', makeInput()));
      expect(err.code).toBe(code);
      expect(err.retriable).toBe(false);
    });

    it('rejects a writer schema that cannot resolve into the reader with SCHEMA_RESOLUTION_FAILED', async () => {
      const subject = `${randomName()}-value`;
      const id = await registry.register(subject, orderWithoutCurrency);
      const { currency: _currency, ...rest } = sampleEvents.order_created;
      const bytes = frame(id, avroTypeFor(orderWithoutCurrency).toBuffer(rest));
      const err = await rejection(codec.decode('order_created', bytes));
      expect(err.code).toBe('SCHEMA_RESOLUTION_FAILED');
      expect(err.retriable).toBe(false);
      expect(err.message).toContain('currency');
    });

    it('rejects a user_created message on the order_created topic', async () => {
      const userBytes = await codec.encode('user_created', sampleEvents.user_created);
      expect((await rejection(codec.decode('order_created', userBytes))).code).toBe(
        'SCHEMA_RESOLUTION_FAILED',
      );
    });
  });

  describe('drift guard: init refuses a schema that is not among the subject registered versions', () => {
    const generated = schemaFingerprint(topicSchemas.order_created)!;

    async function initErrorFor(subject: string): Promise<SchemaNotRegisteredError> {
      const codec = createEventCodec({ registry, topics: ['order_created'], subjectFor: () => subject });
      const err = await rejection(codec.init());
      expect(err).toBeInstanceOf(SchemaNotRegisteredError);
      expect(err.code).toBe('SCHEMA_NOT_REGISTERED');
      expect(err.retriable).toBe(false);
      expect(err.message).toContain(`subject "${subject}"`);
      expect(err.message).toContain(generated);
      expect(() => codec.schemaIdOf('order_created')).toThrow('init()');
      return err as SchemaNotRegisteredError;
    }

    it('a subject with no version: names the subject, the generated fingerprint and "none"', async () => {
      const err = await initErrorFor(`${randomName()}-value`);
      expect(err.generatedFingerprint).toBe(generated);
      expect(err.registeredFingerprint).toBeUndefined();
      expect(err.message).toContain('the subject has no registered version (registered fingerprint: none)');
    });

    it('a subject holding other schemas: names both fingerprints and the latest version', async () => {
      const subject = `${randomName()}-value`;
      await registry.setCompatibility(subject, 'NONE');
      await registry.register(subject, orderV1);
      const latestId = await registry.register(subject, orderWithoutCurrency);
      const err = await initErrorFor(subject);
      const registered = schemaFingerprint(orderWithoutCurrency)!;
      expect(registered).not.toBe(generated);
      expect(err.registeredFingerprint).toBe(registered);
      expect(err.message).toContain(
        `the latest registered version, 2 of 2 (schema id ${latestId}), has fingerprint ${registered}`,
      );
      expect(err.details?.registeredVersions).toEqual([
        { version: 1, id: expect.any(Number), fingerprint: schemaFingerprint(orderV1) },
        { version: 2, id: latestId, fingerprint: registered },
      ]);
    });

    it('a registered schema with another timestamp unit: says the canonical forms are equal', async () => {
      const subject = `${randomName()}-value`;
      const micros = {
        ...orderSchema,
        fields: orderSchema.fields.map((f) =>
          f.name === 'occurred_at' ? { ...f, type: { type: 'long', logicalType: 'timestamp-micros' } } : f,
        ),
      };
      await registry.register(subject, micros);
      const err = await initErrorFor(subject);
      // The canonical form has no logical types: the message says so rather than show two equal
      // fingerprints without a word.
      expect(err.registeredFingerprint).toBe(generated);
      expect(err.message).toContain('version 1 has the same canonical form');
    });
  });

  it('fails init and decode with REGISTRY_UNAVAILABLE (retriable) when the registry is unreachable', async () => {
    const down = createSchemaRegistry({ url: await deadUrl(), timeoutMs: 2000 });
    const offline = createEventCodec({ registry: down, subjectFor: (t) => subjects[t] });
    const initErr = await rejection(offline.init());
    expect(initErr.code).toBe('REGISTRY_UNAVAILABLE');
    expect(initErr.retriable).toBe(true);
    const decodeErr = await rejection(offline.decode('user_created', frame(1, Buffer.alloc(3))));
    expect(decodeErr.code).toBe('REGISTRY_UNAVAILABLE');
    expect(decodeErr.retriable).toBe(true);
  });

  it('makes no registry request per message once ids and writer schemas are known', async () => {
    const proxy = await startCountingProxy(registryUrl);
    try {
      const counted = createEventCodec({
        registry: createSchemaRegistry({ url: proxy.url }),
        subjectFor: (t) => subjects[t],
      });
      await counted.init();
      expect(proxy.requests).toHaveLength(topicNames.length);
      const first = await counted.encode('order_created', sampleEvents.order_created);
      await counted.decode('order_created', first);
      const afterWarmUp = proxy.requests.length;
      expect(afterWarmUp).toBe(topicNames.length + 1); // one GET /schemas/ids/{id}
      for (let i = 0; i < 50; i++) {
        const bytes = await counted.encode('order_created', {
          ...sampleEvents.order_created,
          amount: `${i}.01`,
        });
        expect((await counted.decode('order_created', bytes)).amount).toBe(`${i}.01`);
      }
      expect(proxy.requests).toHaveLength(afterWarmUp);
    } finally {
      await proxy.close();
    }
  });
});

/** `good` with its first string field (event_id) replaced by `text`, keeping the rest of the body. */
function withFirstString(good: Buffer, text: string): Buffer {
  const plain = avroTypeFor('string');
  const body = good.subarray(5);
  const { offset } = plain.decode(body, 0);
  return Buffer.concat([good.subarray(0, 5), plain.toBuffer(text), body.subarray(offset)]);
}
