/**
 * Each service's OpenAPI document, without a network: every route its app mounts is documented and
 * every documented route is mounted; the document is valid OpenAPI 3.1 for a validator from npm; each
 * route documents the error codes it answers with, in the `{error: {code, message, details}}` shape.
 */
import type Router from '@koa/router';
import type { Knex } from 'knex';
import pino from 'pino';
import {
  createApiDocument,
  createHttpApp,
  createServiceMetrics,
  errorCodesOf,
  httpAppRoutes,
  openApiPath,
  type HttpAppOptions,
  type OpenApiDocument,
  type Outbox,
} from '@contract-events/runtime/tools';
import { loadConfig as loadOrderConfig, orderService } from '@contract-events/order-service';
import { loadConfig as loadUserConfig, userService } from '@contract-events/user-service';
import {
  documentedOperations,
  mountedOperations,
  responseChecker,
  validateOpenApi,
} from '../support/openapi';

// Building the routes touches neither: they are only used when a request comes.
const db = {} as Knex;
const outbox: Outbox = {
  enqueue: async () => undefined,
  enqueueMany: async () => undefined,
  writeWithEvents: async () => [],
};

function appOptions(service: 'user' | 'order'): HttpAppOptions {
  const routes =
    service === 'user'
      ? userService.routes({ db, outbox, config: loadUserConfig({}) })
      : orderService.routes({ db, outbox, config: loadOrderConfig({}) });
  return {
    logger: pino({ level: 'silent' }),
    metrics: createServiceMetrics(`${service}-service`),
    readiness: async () => ({ ready: true, checks: {} }),
    routes,
    api: service === 'user' ? userService.api : orderService.api,
  };
}

const KIT_OPERATIONS = [
  'GET /health',
  'GET /ready',
  'GET /metrics',
  'GET /openapi.json',
  'GET /docs',
  'GET /docs/{file}',
];

const services = {
  user: ['POST /users', 'GET /users/{id}', 'GET /users/{id}/orders'],
  order: ['POST /orders', 'GET /orders', 'GET /orders/{id}'],
} as const;

type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<
    string,
    { content?: Record<string, { schema: Record<string, unknown> }>; headers?: object }
  >;
};

function operation(doc: OpenApiDocument, method: string, path: string): Operation {
  const found = (doc.paths?.[path] as Record<string, Operation> | undefined)?.[method];
  if (!found) throw new Error(`${method} ${path} is not documented`);
  return found;
}

/** The codes an error response's schema allows. */
function documentedCodes(op: Operation, status: number): string[] {
  const schema = op.responses[String(status)]?.content?.['application/json']?.schema as {
    properties: { error: { properties: { code: { enum: string[] } } } };
  };
  return schema.properties.error.properties.code.enum;
}

describe.each(['user', 'order'] as const)('the %s service', (service) => {
  const options = appOptions(service);
  const app = createHttpApp(options);
  const routes = httpAppRoutes(options);
  const doc = createApiDocument(options.api!, routes);

  it('documents every route its app mounts, and mounts every route it documents', () => {
    const mounted = mountedOperations(app);
    expect(documentedOperations(doc)).toEqual(mounted);
    expect(mounted).toEqual([...KIT_OPERATIONS, ...services[service]].sort());
  });

  it('would see a route mounted past the declarations (the comparison reads the router itself)', () => {
    const other = createHttpApp(options);
    const router = other.middleware.map((m) => (m as { router?: Router }).router).find((r) => r);
    router?.get('/undeclared', (ctx) => {
      ctx.body = {};
    });
    expect(mountedOperations(other)).toContain('GET /undeclared');
    expect(documentedOperations(doc)).not.toContain('GET /undeclared');
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: options.api!.title, version: options.api!.version });
    const result = await validateOpenApi(doc);
    expect(result.errors).toBeUndefined();
    expect(result).toMatchObject({ valid: true, version: '3.1' });
  });

  it("documents each route's error codes, grouped by status, in the {error: {code, message, details}} shape", () => {
    for (const route of routes) {
      const op = operation(doc, route.method, openApiPath(route.path));
      const byStatus = new Map<number, string[]>();
      for (const { code, status } of errorCodesOf(route))
        byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
      for (const [status, codes] of byStatus) {
        expect(documentedCodes(op, status)).toEqual(codes);
        const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
        expect(schema).toMatchObject({
          type: 'object',
          required: ['error'],
          properties: { error: { required: ['code', 'message', 'details'] } },
        });
      }
      const own = Object.keys(route.responses).map(Number);
      expect(Object.keys(op.responses).map(Number).sort()).toEqual([...own, ...byStatus.keys()].sort());
    }
  });

  it("documents the service routes' 503 (starting, database down) with Retry-After, not the kit's", () => {
    for (const path of services[service]) {
      const [method = '', template = ''] = path.split(' ');
      const op = operation(doc, method.toLowerCase(), template);
      expect(documentedCodes(op, 503)).toEqual(['not_ready', 'database_unavailable']);
      expect(op.responses['503']?.headers).toHaveProperty('retry-after');
    }
    expect(operation(doc, 'get', '/health').responses['503']).toBeUndefined();
    expect(documentedCodes(operation(doc, 'get', '/health'), 500)).toEqual(['internal_error']);
  });
});

describe('what the documents say about the routes', () => {
  const users = createApiDocument(userService.api, httpAppRoutes(appOptions('user')));
  const orders = createApiDocument(orderService.api, httpAppRoutes(appOptions('order')));

  it('POST /users: a strict body, 201 with Location, 409 conflict, the body errors', () => {
    const op = operation(users, 'post', '/users');
    expect(op.requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['email', 'name'],
      additionalProperties: false,
    });
    expect(op.responses['201']?.headers).toHaveProperty('location');
    expect(documentedCodes(op, 409)).toEqual(['conflict']);
    expect(documentedCodes(op, 400)).toEqual(['validation_failed', 'invalid_json', 'bad_request']);
    expect(documentedCodes(op, 413)).toEqual(['payload_too_large']);
    expect(documentedCodes(op, 415)).toEqual(['unsupported_media_type']);
  });

  it('GET /users/{id}/orders: a UUID path parameter (404 otherwise) and the page query', () => {
    const op = operation(users, 'get', '/users/{id}/orders');
    const params = Object.fromEntries((op.parameters ?? []).map((p) => [`${p.in} ${p.name}`, p]));
    expect(params['path id']).toMatchObject({ required: true, schema: { type: 'string', format: 'uuid' } });
    expect(params['query limit']?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 50,
    });
    expect(params['query cursor']?.schema).toMatchObject({ type: 'string' });
    expect(documentedCodes(op, 404)).toEqual(['not_found']);
  });

  it("POST /orders: the order service's own 422 unknown_user and the Prefer header", () => {
    const op = operation(orders, 'post', '/orders');
    expect(documentedCodes(op, 422)).toEqual(['unknown_user']);
    expect(op.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'prefer' }));
    const amount = (op.requestBody?.content['application/json']?.schema.properties as Record<string, object>)
      .amount;
    expect(amount).toMatchObject({ type: ['string', 'number'] });
  });

  it('GET /orders: user_id is a required UUID query parameter', () => {
    const op = operation(orders, 'get', '/orders');
    expect(op.parameters).toContainEqual(
      expect.objectContaining({
        in: 'query',
        name: 'user_id',
        required: true,
        schema: expect.objectContaining({ format: 'uuid' }),
      }),
    );
  });

  it('the response checker the e2e test uses follows the references and refuses what a schema refuses', () => {
    const checker = responseChecker(users);
    const user = {
      id: '8d7f5c1e-5b7a-4a43-9a53-6f1f2a1b2c3d',
      email: 'a@b.c',
      name: 'A',
      created_at: new Date().toISOString(),
    };
    expect(checker.errorsOf('GET', '/users/{id}', 200, 'application/json', user)).toEqual([]);
    expect(checker.errorsOf('GET', '/users/{id}', 200, 'application/json', { ...user, id: 'x' })).not.toEqual(
      [],
    );
    expect(
      checker.errorsOf('GET', '/users/{id}', 200, 'application/json', { ...user, extra: 1 }),
    ).not.toEqual([]);
    const order = {
      id: user.id,
      user_id: user.id,
      amount: '1.00',
      currency: 'EUR',
      created_at: user.created_at,
    };
    const page = { orders: [order], next_cursor: null };
    expect(checker.errorsOf('GET', '/users/{id}/orders', 200, 'application/json', page)).toEqual([]);
    const numberAmount = { orders: [{ ...order, amount: 1 }], next_cursor: null };
    expect(checker.errorsOf('GET', '/users/{id}/orders', 200, 'application/json', numberAmount)).toEqual([
      '/orders/0/amount must be string',
    ]);
    const error = { error: { code: 'conflict', message: 'taken', details: {} } };
    expect(checker.errorsOf('POST', '/users', 409, 'application/json', error)).toEqual([]);
    const otherCode = { error: { ...error.error, code: 'not_found' } };
    expect(checker.errorsOf('POST', '/users', 409, 'application/json', otherCode)).not.toEqual([]);
    expect(() => checker.errorsOf('POST', '/users', 418, 'application/json', error)).toThrow(/no 418/);
  });

  it('the validator refuses a broken 3.1 document (it really checks)', async () => {
    // A response without its description, which OpenAPI 3.1 requires.
    const broken = structuredClone(users) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>>;
    };
    delete broken.paths['/users']!.post!.responses['201']!.description;
    const result = await validateOpenApi(broken);
    expect(result.valid).toBe(false);
    expect(result.version).toBe('3.1');
  });
});
