/**
 * The synchronous paths of the codec (encodeSync, decodeSync, and encode/decode without an await
 * once ids are known), over an in-memory registry that counts its calls.
 */
import { createEventCodec } from '../../../src/codec/event-codec';
import { createFrameWriter } from '../../../src/codec/frame-writer';
import { avroTypeFor } from '../../../src/codec/logical-types';
import { frame } from '../../../src/codec/wire-format';
import { DecodeError, EventValidationError } from '../../../src/errors';
import { topicSchemas, type OrderCreated } from '../../../src/generated';
import type { SchemaRegistryClient } from '../../../src/registry/schema-registry';

const order: OrderCreated = {
  event_id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  occurred_at: new Date('2026-11-24T10:00:01.456Z'),
  order_id: '9b2f6c1e-3d4a-4b5c-8d6e-7f8091a2b3c4',
  user_id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  amount: '-9999999999.99',
  currency: 'EUR',
};

/** The registry knows the generated order schema as id 7, and another order schema as id 8. */
function memoryRegistry() {
  const calls: string[] = [];
  const older = { ...topicSchemas.order_created, fields: topicSchemas.order_created.fields.slice(0, 5) };
  const newer = {
    ...topicSchemas.order_created,
    fields: [...topicSchemas.order_created.fields, { name: 'note', type: 'string', default: '' }],
  };
  const schemas = new Map<number, object>([
    [7, topicSchemas.order_created],
    [8, older],
    [9, newer],
  ]);
  const registry = {
    url: 'memory:',
    lookupSchemaId: (subject: string) => {
      calls.push(`lookup ${subject}`);
      return Promise.resolve(7);
    },
    getSchemaById: (id: number) => {
      calls.push(`get ${id}`);
      const schema = schemas.get(id);
      return Promise.resolve(schema && { schema: JSON.stringify(schema), schemaType: 'AVRO' });
    },
  } as unknown as SchemaRegistryClient;
  return { registry, calls, older, newer };
}

describe('sync codec paths', () => {
  it('encodeSync needs the id from init(), then frames the same bytes as encode', async () => {
    const { registry, calls } = memoryRegistry();
    const codec = createEventCodec({ registry, topics: ['order_created'] });
    expect(() => codec.encodeSync('order_created', order)).toThrow(RangeError);
    await codec.init();
    const bytes = codec.encodeSync('order_created', order);
    expect(bytes.equals(await codec.encode('order_created', order))).toBe(true);
    const reference = avroTypeFor(topicSchemas.order_created as never).toBuffer(order);
    expect(bytes.equals(frame(7, reference))).toBe(true);
    expect(calls).toEqual(['lookup order_created-value']);
  });

  it('a fresh codec refuses an event with its uuid and amount missing', async () => {
    const { registry } = memoryRegistry();
    const codec = createEventCodec({ registry, topics: ['order_created'] });
    await codec.init();
    const missing = { ...order } as Partial<OrderCreated>;
    delete missing.event_id;
    delete missing.amount;
    expect(() => codec.encodeSync('order_created', missing as OrderCreated)).toThrow(
      expect.objectContaining({
        fieldErrors: [
          expect.objectContaining({ path: 'order_created.event_id' }),
          expect.objectContaining({ path: 'order_created.amount' }),
        ],
      }) as Error,
    );
  });

  it('encodeSync and encode reject a bad event with every field error', async () => {
    const { registry } = memoryRegistry();
    const codec = createEventCodec({ registry, topics: ['order_created'] });
    await codec.init();
    const bad = { ...order, amount: '1.234', extra: 1 } as unknown as OrderCreated;
    const fields = (err: unknown) => (err as EventValidationError).fieldErrors.map((e) => e.path);
    let thrown: unknown;
    try {
      codec.encodeSync('order_created', bad);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(EventValidationError);
    expect(fields(thrown)).toEqual(['order_created.amount', 'order_created.extra']);
    await expect(codec.encode('order_created', bad)).rejects.toBeInstanceOf(EventValidationError);
  });

  it('decodeSync reads a writer id once decode fetched it; never asks the registry again', async () => {
    const { registry, calls } = memoryRegistry();
    const codec = createEventCodec({ registry, topics: ['order_created'] });
    await codec.init();
    const bytes = codec.encodeSync('order_created', order);
    expect(() => codec.decodeSync('order_created', bytes)).toThrow(RangeError);
    expect(await codec.decode('order_created', bytes)).toEqual(order);
    for (let i = 0; i < 3; i++) {
      expect(codec.decodeSync('order_created', bytes)).toEqual(order);
      expect(await codec.decode('order_created', bytes)).toEqual(order);
    }
    expect(calls).toEqual(['lookup order_created-value', 'get 7']);
  });

  it('resolves another writer schema, and keeps the decode errors of bad messages', async () => {
    const { registry, older, newer } = memoryRegistry();
    const codec = createEventCodec({ registry, topics: ['order_created'] });
    await codec.init();
    const newerBytes = frame(9, avroTypeFor(newer as never).toBuffer({ ...order, note: 'gift' }));
    expect(await codec.decode('order_created', newerBytes)).toEqual(order);
    expect(codec.decodeSync('order_created', newerBytes)).toEqual(order);
    const withoutCurrency = { ...order } as Partial<OrderCreated>;
    delete withoutCurrency.currency;
    const olderBytes = frame(8, avroTypeFor(older as never).toBuffer(withoutCurrency));
    // The older schema has no default for currency: it cannot be read as today's.
    await expect(codec.decode('order_created', olderBytes)).rejects.toMatchObject({
      code: 'SCHEMA_RESOLUTION_FAILED',
    });
    expect(() => codec.decodeSync('order_created', olderBytes)).toThrow(DecodeError);

    const good = codec.encodeSync('order_created', order);
    await codec.decode('order_created', good);
    const trailing = Buffer.concat([good, Buffer.from([0, 1])]);
    let thrown: unknown;
    try {
      codec.decodeSync('order_created', trailing);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({
      code: 'TRAILING_BYTES',
      details: {
        topic: 'order_created',
        schemaId: 7,
        bodyLength: good.length - 3,
        decodedLength: good.length - 5,
      },
    });
    // Cut in the last string, in the decimal, in the first uuid.
    for (const length of [good.length - 2, good.length - 6, 20]) {
      await expect(codec.decode('order_created', good.subarray(0, length))).rejects.toMatchObject({
        code: 'TRUNCATED_MESSAGE',
      });
    }
    await expect(codec.decode('order_created', Buffer.from([1, 0, 0, 0, 7]))).rejects.toMatchObject({
      code: 'BAD_MAGIC_BYTE',
    });
    expect(() => codec.decodeSync('order_created', null)).toThrow(DecodeError);
  });

  it('a topic the codec does not serve is a RangeError, as a rejection from the promise API', async () => {
    const { registry } = memoryRegistry();
    const codec = createEventCodec({ registry, topics: ['order_created'] });
    await codec.init();
    const bytes = codec.encodeSync('order_created', order);
    await expect(codec.decode('user_created', bytes)).rejects.toThrow(RangeError);
    expect(() => codec.decodeSync('user_created', bytes)).toThrow(RangeError);
  });
});

describe('frame writer', () => {
  it('grows its scratch buffer for a large event and frames what frame() frames', () => {
    const type = avroTypeFor({ type: 'record', name: 'Big', fields: [{ name: 'text', type: 'string' }] });
    const write = createFrameWriter(16);
    for (const text of ['small', 'x'.repeat(5000), 'small again', 'y'.repeat(70_000)]) {
      const bytes = write(42, type, { text });
      expect(bytes.equals(frame(42, type.toBuffer({ text })))).toBe(true);
    }
  });
});
