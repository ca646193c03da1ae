import pino from 'pino';
import { z } from 'zod';
import { createServiceMetrics } from '../../../src/observability/metrics';
import {
  createHttpApp,
  defineRoute,
  HttpError,
  startHttpServer,
  type ApiRoute,
  type ReadinessReport,
  type RunningHttpServer,
} from '../../../src/http';

const itemSchema = z.object({ name: z.string().min(1), qty: z.number().int().positive() }).strict();

/** A route whose handler throws `fail()`, to see how the kit answers it. */
function failing(path: string, fail: () => never): ApiRoute {
  return defineRoute({
    method: 'get',
    path,
    summary: 'fails',
    responses: { 200: { description: 'never', body: z.object({}) } },
    async handler() {
      return fail();
    },
  });
}

function testRoutes(): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/items',
      summary: 'create',
      request: { body: itemSchema },
      responses: { 201: { description: 'created', body: itemSchema } },
      async handler({ body }) {
        return { status: 201, body };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/items/:id',
      summary: 'one',
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: { description: 'the item', body: z.object({ id: z.string() }) } },
      async handler({ params }) {
        if (params.id !== '1') throw new HttpError('not_found', 'No such item', { id: params.id });
        return { status: 200, body: { id: '1' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/misshapen',
      summary: 'answers a body its schema refuses, or a status it does not declare',
      request: {
        query: z.object({ status: z.enum(['200', '201']) }),
        headers: z.object({ 'x-n': z.string().regex(/^\d+$/).optional() }),
      },
      responses: { 200: { description: 'a count', body: z.object({ n: z.number() }) } },
      async handler({ query }) {
        const status = Number(query.status) as 200;
        return { status, body: { n: 'not a number' as unknown as number } };
      },
    }),
    failing('/boom', () => {
      throw new Error('secret connection string postgres://u:p@db');
    }),
    failing('/db-down', () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    }),
    failing('/zod', () => {
      z.object({ a: z.string() }).parse({});
      throw new Error('unreachable');
    }),
  ];
}

let server: RunningHttpServer;
let ready: ReadinessReport = { ready: true, checks: { db: { ok: true } } };
let serving = true;
const metrics = createServiceMetrics('http-kit-test');
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
  const app = createHttpApp({
    logger,
    metrics,
    readiness: async () => ready,
    serving: () => serving,
    bodyLimit: '1kb',
    routes: testRoutes(),
  });
  server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server.close();
});

function post(path: string, body: string, contentType = 'application/json'): Promise<Response> {
  return fetch(server.url + path, { method: 'POST', headers: { 'content-type': contentType }, body });
}

async function expectError(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; details: object } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.details).toEqual(expect.any(Object));
  return body.error as unknown as Record<string, unknown>;
}

describe('HTTP kit', () => {
  it('serves /health and a valid body', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', checks: { db: { ok: true } } });
    const res = await post('/items', JSON.stringify({ name: 'a', qty: 2 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: 'a', qty: 2 });
  });

  it('answers /health with 200 and the failing checks while a dependency is down', async () => {
    ready = { ready: true, checks: { db: { ok: true }, kafka: { ok: false, error: 'down' } } };
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'degraded', checks: ready.checks });
    } finally {
      ready = { ready: true, checks: { db: { ok: true } } };
    }
  });

  it('answers the routes 503 not_ready while starting, and /health, /ready and /metrics still', async () => {
    serving = false;
    try {
      const error = await expectError(
        await post('/items', JSON.stringify({ name: 'a', qty: 2 })),
        503,
        'not_ready',
      );
      expect(error.message).toBe('The service is starting; retry later');
      for (const path of ['/health', '/ready', '/metrics'])
        expect((await fetch(server.url + path)).status).toBe(200);
    } finally {
      serving = true;
    }
  });

  it('answers /ready with 200 or 503 and the report', async () => {
    ready = { ready: true, checks: { db: { ok: true } } };
    let res = await fetch(`${server.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(ready);
    ready = { ready: false, checks: { kafka: { ok: false, error: 'down' } } };
    res = await fetch(`${server.url}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(ready);
  });

  it('answers a URL over the parser limit with 431 headers_too_large in the JSON shape', async () => {
    await expectError(await fetch(`${server.url}/items?q=${'x'.repeat(20_000)}`), 431, 'headers_too_large');
  });

  it('answers invalid JSON with 400 invalid_json', async () => {
    await expectError(await post('/items', '{"name": '), 400, 'invalid_json');
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2000), qty: 1 });
    await expectError(await post('/items', big), 413, 'payload_too_large');
  });

  it('answers a body that does not match its Content-Encoding with 400 bad_request', async () => {
    const res = await fetch(server.url + '/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: '{"name":"plain, not gzip"}',
    });
    await expectError(res, 400, 'bad_request');
  });

  it('answers an unreachable database with 503 database_unavailable and Retry-After', async () => {
    const res = await fetch(server.url + '/db-down');
    const error = await expectError(res, 503, 'database_unavailable');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(JSON.stringify(error)).not.toContain('5432');
  });

  it('answers a non-JSON body with 415 unsupported_media_type', async () => {
    await expectError(
      await post('/items', 'name=a', 'application/x-www-form-urlencoded'),
      415,
      'unsupported_media_type',
    );
  });

  it('names unknown fields and invalid fields in validation_failed details', async () => {
    const error = await expectError(
      await post('/items', JSON.stringify({ name: 'a', qty: 0, colour: 'red' })),
      400,
      'validation_failed',
    );
    const fields = (error.details as { fields: { path: string; message: string }[] }).fields;
    expect(fields.map((f) => f.path).sort()).toEqual(['colour', 'qty']);
    expect(fields.find((f) => f.path === 'colour')?.message).toBe('unknown field');
  });

  it('maps a thrown ZodError to 400 validation_failed', async () => {
    const error = await expectError(await fetch(`${server.url}/zod`), 400, 'validation_failed');
    expect(error.details).toEqual({ fields: [{ path: 'a', message: expect.any(String) }] });
  });

  it('answers an HttpError with its status and details', async () => {
    const error = await expectError(await fetch(`${server.url}/items/2`), 404, 'not_found');
    expect(error).toEqual({ code: 'not_found', message: 'No such item', details: { id: '2' } });
  });

  it('answers an unknown route with 404 not_found, even for a POST with a bad body', async () => {
    await expectError(await fetch(`${server.url}/nope`), 404, 'not_found');
    await expectError(await post('/nope', '{bad'), 404, 'not_found');
  });

  it('answers a wrong method on a known route with 405 and an Allow header', async () => {
    const res = await fetch(`${server.url}/items`, { method: 'DELETE' });
    await expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toContain('POST');
  });

  it("answers 500 for a response its declaration does not allow, which is the route's bug", async () => {
    for (const status of ['200', '201']) {
      const error = await expectError(
        await fetch(`${server.url}/misshapen?status=${status}`),
        500,
        'internal_error',
      );
      expect(error.message).toBe('Internal server error');
    }
    const logged = lines
      .filter((l) => l.msg === 'request failed unexpectedly')
      .map((l) => (l.err as { message: string }).message);
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/GET \/misshapen 200's body does not match its declared schema/),
        expect.stringMatching(/GET \/misshapen 201 is not a declared response/),
      ]),
    );
  });

  it('answers a query or header its schema refuses with 400 validation_failed', async () => {
    const query = await expectError(
      await fetch(`${server.url}/misshapen?status=3`),
      400,
      'validation_failed',
    );
    expect(query.message).toMatch(/^Query is invalid/);
    const header = await fetch(`${server.url}/misshapen?status=200`, { headers: { 'x-n': 'abc' } });
    expect((await expectError(header, 400, 'validation_failed')).message).toMatch(/^Headers is invalid: x-n/);
  });

  it('serves its OpenAPI document, the docs page and its files, and 404 for any other file', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/items', '/items/{id}', '/health', '/docs']),
    );
    const page = await fetch(`${server.url}/docs`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script src="/docs/swagger-ui-bundle.js"></script>');
    const css = await fetch(`${server.url}/docs/swagger-ui.css`);
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    await expectError(await fetch(`${server.url}/docs/package.json`), 404, 'not_found');
    await expectError(await fetch(`${server.url}/docs/..%2F..%2Fpackage.json`), 404, 'not_found');
  });

  it('answers an unexpected exception with 500 internal_error without leaking its message', async () => {
    const res = await fetch(`${server.url}/boom`);
    const text = await res.clone().text();
    const error = await expectError(res, 500, 'internal_error');
    expect(error.message).toBe('Internal server error');
    expect(text).not.toContain('postgres://');
    const logged = lines.findLast((l) => l.msg === 'request failed unexpectedly');
    expect((logged?.err as { stack?: string } | undefined)?.stack).toContain('secret connection string');
  });

  it('echoes a well-formed x-request-id and generates one otherwise', async () => {
    const echoed = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const generated = await fetch(`${server.url}/health`, {
      headers: { 'x-request-id': 'bad id\twith tab' },
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per request and labels latency by route pattern, not raw URL', async () => {
    await fetch(`${server.url}/items/1`);
    await fetch(`${server.url}/items/1`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('route="/items/:id"');
    expect(text).not.toContain('route="/items/1"');
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched"/);
    const line = lines.find((l) => l.msg === 'request' && l.route === '/items/:id' && l.status === 200);
    expect(line).toMatchObject({ method: 'GET', status: 200, durationMs: expect.any(Number) });
  });
});

describe('startHttpServer close', () => {
  it('waits for an in-flight request, then refuses new connections', async () => {
    const slow = defineRoute({
      method: 'get',
      path: '/slow',
      summary: 'slow',
      responses: { 200: { description: 'done', body: z.object({ done: z.boolean() }) } },
      async handler() {
        await new Promise((r) => setTimeout(r, 300));
        return { status: 200, body: { done: true } };
      },
    });
    const app = createHttpApp({
      logger: pino({ level: 'silent' }),
      metrics: createServiceMetrics('close-test'),
      readiness: async () => ({ ready: true, checks: {} }),
      routes: [slow],
    });
    const running = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
    const inFlight = fetch(`${running.url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    const closed = running.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closed;
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();
  });
});
