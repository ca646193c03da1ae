import { z } from 'zod';
import { createApiDocument } from '../../../src/http/api-document';
import {
  defineRoute,
  errorCodesOf,
  openApiPath,
  withErrors,
  type ApiRoute,
} from '../../../src/http/api-route';
import { defineHttpError } from '../../../src/http/http-error';

const ok = { 200: { description: 'ok', body: z.object({}) } };
const route = (overrides: Partial<ApiRoute> = {}): ApiRoute => ({
  ...defineRoute({
    method: 'get',
    path: '/things/:id',
    summary: 'a thing',
    responses: ok,
    async handler() {
      return { status: 200, body: {} };
    },
  }),
  ...overrides,
});

describe('openApiPath', () => {
  it("turns Koa's named parameters into OpenAPI's", () => {
    expect(openApiPath('/users/:id/orders')).toBe('/users/{id}/orders');
    expect(openApiPath('/health')).toBe('/health');
  });

  it('refuses path syntax OpenAPI cannot say', () => {
    expect(() => openApiPath('/files/*rest')).toThrow(/only named parameters/);
    expect(() => openApiPath('/a{/:b}')).toThrow(/only named parameters/);
  });
});

describe('errorCodesOf', () => {
  const teapot = defineHttpError('teapot', 418);

  it("lists the route's own codes, the kit's for each declared part, and internal_error", () => {
    expect(errorCodesOf(route())).toEqual([{ code: 'internal_error', status: 500 }]);
    // A path parameter that fails its schema names nothing: 404, not a validation error.
    expect(
      errorCodesOf(route({ request: { params: z.object({ id: z.guid() }) } })).map((c) => c.code),
    ).toEqual(['not_found', 'internal_error']);
    const withBody = route({ method: 'post', request: { body: z.object({}) }, errors: [teapot, 'conflict'] });
    expect(errorCodesOf(withBody)).toEqual([
      { code: 'teapot', status: 418 },
      { code: 'conflict', status: 409 },
      { code: 'validation_failed', status: 400 },
      { code: 'invalid_json', status: 400 },
      { code: 'bad_request', status: 400 },
      { code: 'payload_too_large', status: 413 },
      { code: 'unsupported_media_type', status: 415 },
      { code: 'internal_error', status: 500 },
    ]);
  });

  it('lists a code once, whoever adds it', () => {
    const twice = withErrors(
      route({ errors: ['not_found'], request: { params: z.object({ id: z.string() }) } }),
      ['not_found'],
    );
    expect(errorCodesOf(twice).map((c) => c.code)).toEqual(['not_found', 'internal_error']);
  });
});

describe('createApiDocument', () => {
  it('refuses two routes with the same method and path', () => {
    expect(() => createApiDocument({ title: 't', version: '1' }, [route(), route()])).toThrow(
      /Two routes declare GET \/things\/\{id\}/,
    );
  });

  it('documents the error body with the codes of each status', () => {
    const doc = createApiDocument({ title: 't', version: '1' }, [
      route({ request: { params: z.object({ id: z.string() }) } }),
    ]);
    const op = (doc.paths?.['/things/{id}'] as { get: { responses: Record<string, unknown> } }).get;
    expect(Object.keys(op.responses).sort()).toEqual(['200', '404', '500']);
    expect(op.responses['404']).toMatchObject({
      description: 'Error: not_found',
      content: {
        'application/json': {
          schema: {
            properties: {
              error: { properties: { code: { enum: ['not_found'] } }, additionalProperties: false },
            },
          },
        },
      },
    });
  });
});
