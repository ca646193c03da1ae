import { createSchemaRegistry } from '../../../src/registry/schema-registry';
import { Secret } from '../../../src/config/secret';
import { rejection } from '../../../../test/support/rejection';

/** A registry client whose fetch answers `status` with `body`, recording the requested URLs. */
function clientAnswering(status: number, body: unknown) {
  const urls: string[] = [];
  const fetch = (async (url: string) => {
    urls.push(url);
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof globalThis.fetch;
  return { registry: createSchemaRegistry({ url: 'http://registry.test/apis/ccompat/v7/', fetch }), urls };
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
    const err = await rejection(registry.getSchemaById(1));
    expect(err.code).toBe('REGISTRY_UNAVAILABLE');
    expect(err.retriable).toBe(true);
  });

  it('reports another 4xx as REGISTRY_REJECTED', async () => {
    const { registry } = clientAnswering(400, { message: 'bad request' });
    expect((await rejection(registry.getSchemaById(1))).code).toBe('REGISTRY_REJECTED');
  });
});

describe('schema registry client: a secured registry', () => {
  /** A client with basic auth whose fetch answers `status`, recording the Authorization headers. */
  function securedClient(answer: () => Promise<Response>) {
    const authorizations: (string | null)[] = [];
    const fetch = (async (_url: string, init?: RequestInit) => {
      authorizations.push(new Headers(init?.headers).get('authorization'));
      return answer();
    }) as unknown as typeof globalThis.fetch;
    const registry = createSchemaRegistry({
      url: 'https://registry.test/apis/ccompat/v7',
      basicAuth: { username: 'alice', password: new Secret('s3cret pass') },
      fetch,
    });
    return { registry, authorizations };
  }

  it('sends the credentials as HTTP basic auth with every request', async () => {
    const { registry, authorizations } = securedClient(async () => new Response('[]', { status: 200 }));
    await registry.ping();
    expect(authorizations).toEqual([`Basic ${Buffer.from('alice:s3cret pass').toString('base64')}`]);
  });

  it('sends no Authorization header without credentials', async () => {
    const seen: (string | null)[] = [];
    const fetch = (async (_url: string, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return new Response('[]', { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    await createSchemaRegistry({ url: 'http://registry.test', fetch }).ping();
    expect(seen).toEqual([null]);
  });

  it.each([401, 403])(
    'reports HTTP %s as REGISTRY_AUTH_FAILED, not retriable, naming the user but not the password',
    async (status) => {
      const { registry } = securedClient(
        async () => new Response('<html>401 Authorization Required</html>', { status }),
      );
      const err = await rejection(registry.ping());
      expect(err.code).toBe('REGISTRY_AUTH_FAILED');
      expect(err.retriable).toBe(false);
      expect(err.message).toContain('Schema registry authentication failed');
      expect(err.message).toContain(`HTTP ${status}`);
      expect(err.message).toContain('"alice"');
      expect(err.message).toContain('SCHEMA_REGISTRY_USERNAME');
      expect(`${err.message} ${JSON.stringify(err.details)}`).not.toContain('s3cret');
    },
  );

  it('says so when a registry wants credentials and none were given', async () => {
    const fetch = (async () => new Response('', { status: 401 })) as unknown as typeof globalThis.fetch;
    const err = await rejection(createSchemaRegistry({ url: 'https://registry.test', fetch }).ping());
    expect(err.code).toBe('REGISTRY_AUTH_FAILED');
    expect(err.message).toContain('requires credentials');
  });

  it.each(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    'reports a TLS failure (%s) as REGISTRY_TLS_FAILED, not retriable, pointing at SCHEMA_REGISTRY_CA_FILE',
    async (code) => {
      const { registry } = securedClient(async () => {
        const cause = Object.assign(new Error('certificate verification failed'), { code });
        throw new TypeError('fetch failed', { cause });
      });
      const err = await rejection(registry.ping());
      expect(err.code).toBe('REGISTRY_TLS_FAILED');
      expect(err.retriable).toBe(false);
      expect(err.message).toContain(code);
      expect(err.message).toContain('SCHEMA_REGISTRY_CA_FILE');
    },
  );

  it('keeps a refused connection a retriable REGISTRY_UNAVAILABLE', async () => {
    const { registry } = securedClient(async () => {
      const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      throw new TypeError('fetch failed', { cause });
    });
    const err = await rejection(registry.ping());
    expect(err.code).toBe('REGISTRY_UNAVAILABLE');
    expect(err.retriable).toBe(true);
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
    expect((await rejection(registry.ping())).code).toBe('REGISTRY_UNAVAILABLE');
  });
});

describe('schema registry client: deleteSubject', () => {
  /** A fetch answering each request in turn, recording method and URL. */
  function clientAnsweringInTurn(...answers: Array<[number, unknown]>) {
    const requests: string[] = [];
    const fetch = (async (url: string, init?: RequestInit) => {
      requests.push(`${init?.method ?? 'GET'} ${url}`);
      const [status, body] = answers[requests.length - 1] ?? [500, {}];
      return new Response(JSON.stringify(body), { status });
    }) as unknown as typeof globalThis.fetch;
    return { registry: createSchemaRegistry({ url: 'http://registry.test/v7', fetch }), requests };
  }

  it('soft-deletes, then with permanent deletes for good', async () => {
    const { registry, requests } = clientAnsweringInTurn([200, [1]], [200, [1]]);
    await registry.deleteSubject('a b', { permanent: true });
    expect(requests).toEqual([
      'DELETE http://registry.test/v7/subjects/a%20b',
      'DELETE http://registry.test/v7/subjects/a%20b?permanent=true',
    ]);
  });

  it('takes a subject already soft-deleted (40404) or gone (40401) as done', async () => {
    const soft = clientAnsweringInTurn([404, { error_code: 40404 }], [200, [1]]);
    await soft.registry.deleteSubject('s', { permanent: true });
    expect(soft.requests).toHaveLength(2);
    const gone = clientAnsweringInTurn([404, { error_code: 40401 }], [404, { error_code: 40401 }]);
    await gone.registry.deleteSubject('s', { permanent: true });
    expect(gone.requests).toHaveLength(2);
    const once = clientAnsweringInTurn([404, { error_code: 40401 }]);
    await once.registry.deleteSubject('s');
    expect(once.requests).toHaveLength(1);
  });

  it('treats a 404 that is not the registry’s own as a wrong base URL: REGISTRY_UNAVAILABLE', async () => {
    const { registry } = clientAnsweringInTurn([404, { message: 'no such path' }]);
    const err = await rejection(registry.deleteSubject('s'));
    expect(err.code).toBe('REGISTRY_UNAVAILABLE');
    expect(err.retriable).toBe(true);
  });
});
