import { createWriterTypes } from '../../../src/codec/writer-types';
import { EventSystemError, RegistryError } from '../../../src/errors';
import type { RegisteredSchema, SchemaRegistryClient } from '../../../src/registry/schema-registry';

const userSchema = JSON.stringify({
  type: 'record',
  name: 'user',
  fields: [{ name: 'name', type: 'string' }],
});

/** A registry whose only answer is `answer`, counting the requests. */
function fakeRegistry(answer: () => Promise<RegisteredSchema | undefined>) {
  const calls: number[] = [];
  const registry = {
    getSchemaById: (id: number) => {
      calls.push(id);
      return answer();
    },
  } as unknown as SchemaRegistryClient;
  return { registry, calls };
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; retriable: boolean }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EventSystemError) return { code: err.code, retriable: err.retriable };
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('writer types', () => {
  it('parses the registered schema and shares one request between concurrent decodes', async () => {
    const { registry, calls } = fakeRegistry(async () => ({ schema: userSchema, schemaType: 'AVRO' }));
    const writerTypeOf = createWriterTypes(registry);
    const [a, b] = await Promise.all([writerTypeOf(7), writerTypeOf(7)]);
    expect(a).toBe(b);
    expect(a.fromBuffer(a.toBuffer({ name: 'Ada' }))).toEqual({ name: 'Ada' });
    await writerTypeOf(7);
    expect(calls).toEqual([7]);
  });

  it('maps an id the registry does not know to UNKNOWN_SCHEMA_ID, and asks again next time', async () => {
    const { registry, calls } = fakeRegistry(async () => undefined);
    const writerTypeOf = createWriterTypes(registry);
    expect(await codeOf(writerTypeOf(9))).toEqual({ code: 'UNKNOWN_SCHEMA_ID', retriable: false });
    await codeOf(writerTypeOf(9));
    expect(calls).toEqual([9, 9]);
  });

  it.each([
    ['a JSON schema', { schema: '{}', schemaType: 'JSON' }],
    ['text that is not an Avro schema', { schema: '{"type":"nonsense"}', schemaType: 'AVRO' }],
  ])('maps %s to SCHEMA_RESOLUTION_FAILED', async (_name, registered) => {
    const { registry } = fakeRegistry(async () => registered);
    expect(await codeOf(createWriterTypes(registry)(1))).toEqual({
      code: 'SCHEMA_RESOLUTION_FAILED',
      retriable: false,
    });
  });

  it('turns a refusal (401/403) into a retriable REGISTRY_UNAVAILABLE, not a dead letter', async () => {
    const { registry } = fakeRegistry(async () => {
      throw new RegistryError('HTTP 401', 'REGISTRY_REJECTED', { status: 401 });
    });
    expect(await codeOf(createWriterTypes(registry)(1))).toEqual({
      code: 'REGISTRY_UNAVAILABLE',
      retriable: true,
    });
  });

  it.each(['REGISTRY_AUTH_FAILED', 'REGISTRY_TLS_FAILED'] as const)(
    'turns %s into a retriable REGISTRY_UNAVAILABLE, keeping its message',
    async (code) => {
      const { registry } = fakeRegistry(async () => {
        throw new RegistryError('Schema registry authentication failed: ...', code);
      });
      const err = await createWriterTypes(registry)(1).catch((e: unknown) => e as RegistryError);
      expect(err).toBeInstanceOf(RegistryError);
      expect((err as RegistryError).code).toBe('REGISTRY_UNAVAILABLE');
      expect((err as RegistryError).retriable).toBe(true);
      expect((err as RegistryError).message).toContain('authentication failed');
    },
  );

  it('does not remember an outage', async () => {
    let down = true;
    const { registry } = fakeRegistry(async () => {
      if (down) throw new RegistryError('down', 'REGISTRY_UNAVAILABLE');
      return { schema: userSchema, schemaType: 'AVRO' };
    });
    const writerTypeOf = createWriterTypes(registry);
    expect((await codeOf(writerTypeOf(3))).code).toBe('REGISTRY_UNAVAILABLE');
    down = false;
    await expect(writerTypeOf(3)).resolves.toBeDefined();
  });
});
