import { EventSystemError } from '../../../src/errors';
import { createSchemaRegistry } from '../../../src/registry/schema-registry';

/** A registry client whose fetch answers `status` with `body`, recording the requested URLs. */
function clientAnswering(status: number, body: unknown) {
  const urls: string[] = [];
  const fetch = (async (url: string) => {
    urls.push(url);
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof globalThis.fetch;
  return { registry: createSchemaRegistry({ url: 'http://registry.test/apis/ccompat/v7/', fetch }), urls };
}

async function failure(promise: Promise<unknown>): Promise<EventSystemError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EventSystemError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('schema registry client: getSchemaById', () => {
  it('returns the schema text, Avro when the registry names no type', async () => {
    const { registry, urls } = clientAnswering(200, { schema: '"string"' });
    expect(await registry.getSchemaById(42)).toEqual({ schema: '"string"', schemaType: 'AVRO' });
    expect(urls).toEqual(['http://registry.test/apis/ccompat/v7/schemas/ids/42']);
  });

  it('keeps a schema type other than Avro for the caller to judge', async () => {
    const { registry } = clientAnswering(200, { schema: '{}', schemaType: 'JSON' });
    expect(await registry.getSchemaById(1)).toEqual({ schema: '{}', schemaType: 'JSON' });
  });

  it('answers undefined for the registry’s "schema not found" (40403)', async () => {
    const { registry } = clientAnswering(404, { error_code: 40403, message: 'Schema not found' });
    expect(await registry.getSchemaById(1)).toBeUndefined();
  });

  it('treats any other 404 as a wrong base URL: REGISTRY_UNAVAILABLE', async () => {
    const { registry } = clientAnswering(404, { message: 'no such path' });
    const err = await failure(registry.getSchemaById(1));
    expect(err.code).toBe('REGISTRY_UNAVAILABLE');
    expect(err.retriable).toBe(true);
  });

  it('reports a refusal (403) as REGISTRY_REJECTED', async () => {
    const { registry } = clientAnswering(403, { message: 'forbidden' });
    expect((await failure(registry.getSchemaById(1))).code).toBe('REGISTRY_REJECTED');
  });
});

describe('schema registry client: ping', () => {
  it('passes when the subjects listing answers', async () => {
    const { registry, urls } = clientAnswering(200, []);
    await registry.ping();
    expect(urls).toEqual(['http://registry.test/apis/ccompat/v7/subjects']);
  });

  it.each([404, 500])('fails with REGISTRY_UNAVAILABLE on HTTP %s', async (status) => {
    const { registry } = clientAnswering(status, { message: 'x' });
    expect((await failure(registry.ping())).code).toBe('REGISTRY_UNAVAILABLE');
  });
});
