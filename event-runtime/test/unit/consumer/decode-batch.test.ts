import type { EventCodec } from '../../../src/codec/event-codec';
import { WriterSchemaNotFetchedError } from '../../../src/codec/event-decoder';
import { decodeBatch } from '../../../src/consumer/decode-batch';
import { DecodeError, RegistryError } from '../../../src/errors';
import type { IncomingMessage } from '../../../src/transport/types';

const message = (offset: number, value: Buffer | null): IncomingMessage =>
  ({
    topic: 'order_created',
    partition: 0,
    offset: String(offset),
    key: null,
    value,
    headers: {},
  }) as IncomingMessage;

/** A codec whose writer schema is "fetched" by the first `decode`; byte 0xff cannot be decoded. */
function fakeCodec() {
  let fetched = false;
  const read = (value: Buffer | null | undefined) => {
    if (value?.[0] === 0xff) throw new DecodeError('bad magic byte', 'BAD_MAGIC_BYTE');
    return { event_id: value?.toString('utf8') };
  };
  const calls = { sync: 0, async: 0 };
  const codec = {
    decodeSync: (_topic: string, value: Buffer | null | undefined) => {
      calls.sync += 1;
      if (!fetched) throw new WriterSchemaNotFetchedError('order_created', 7);
      return read(value);
    },
    decode: async (_topic: string, value: Buffer | null | undefined) => {
      calls.async += 1;
      fetched = true;
      return read(value);
    },
  } as unknown as EventCodec;
  return { codec, calls };
}

describe('decodeBatch', () => {
  it('decodes without a promise once the writer schema is known, and fetches it through decode first', async () => {
    const { codec, calls } = fakeCodec();
    const batch = [1, 2, 3].map((i) => message(i, Buffer.from(`e${i}`)));
    const { decoded, rejected } = await decodeBatch(codec, 'order_created', batch, { tombstones: false });
    expect(decoded.map((d) => d.event.event_id)).toEqual(['e1', 'e2', 'e3']);
    expect(rejected).toEqual([]);
    // The first message fetched the writer schema; the next two took the synchronous path.
    expect(calls).toEqual({ sync: 3, async: 1 });
  });

  it('sets aside what can never be decoded, on either path, and keeps the order of the rest', async () => {
    const { codec } = fakeCodec();
    const batch = [
      message(1, Buffer.from([0xff])),
      message(2, Buffer.from('e2')),
      message(3, Buffer.from([0xff])),
    ];
    const { decoded, rejected } = await decodeBatch(codec, 'order_created', batch, { tombstones: false });
    expect(decoded.map((d) => d.message.offset)).toEqual(['2']);
    expect(rejected.map((r) => [r.message.offset, r.error.code])).toEqual([
      ['1', 'BAD_MAGIC_BYTE'],
      ['3', 'BAD_MAGIC_BYTE'],
    ]);
  });

  it('skips tombstones on a compacted topic only', async () => {
    const { codec } = fakeCodec();
    const batch = [message(1, null), message(2, Buffer.from('e2'))];
    expect((await decodeBatch(codec, 'order_created', batch, { tombstones: true })).decoded).toHaveLength(1);
  });

  it('throws a transient failure, so the whole batch is retried', async () => {
    const codec = {
      decodeSync: () => {
        throw new WriterSchemaNotFetchedError('order_created', 7);
      },
      decode: () => Promise.reject(new RegistryError('registry down', 'REGISTRY_UNAVAILABLE')),
    } as unknown as EventCodec;
    await expect(
      decodeBatch(codec, 'order_created', [message(1, Buffer.from('e1'))], { tombstones: false }),
    ).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
  });
});
