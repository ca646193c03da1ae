import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { ApiInput, ApiRequest, ApiRoute } from './api-route';
import { HttpError } from './http-error';
import { validateBody, validateQuery, validationError, zodFieldErrors } from './validate';

const JSON_MEDIA_TYPE = 'application/json';

/** Path parameters that cannot name a resource name none: 404, like an id that names nothing. */
function parseParams(schema: z.ZodObject, ctx: Context): unknown {
  const result = schema.safeParse(ctx.params);
  if (result.success) return result.data;
  throw new HttpError('not_found', `Nothing at ${ctx.path}`, { fields: zodFieldErrors(result.error) });
}

function parseHeaders(schema: z.ZodObject, ctx: Context): unknown {
  const result = schema.safeParse(ctx.headers);
  if (result.success) return result.data;
  throw validationError(result.error, 'Headers');
}

/** Each declared part of the request, parsed with its schema (params first: a 404 beats a 400). */
function parseRequest(request: ApiRequest, ctx: Context): ApiInput<ApiRequest> {
  return {
    params: request.params && parseParams(request.params, ctx),
    query: request.query && validateQuery(request.query, ctx.query),
    headers: request.headers && parseHeaders(request.headers, ctx),
    body: request.body && validateBody(request.body, ctx.request.body),
  } as ApiInput<ApiRequest>;
}

/**
 * A response that does not match its own schema is the route's bug, not the client's: a plain
 * Error, which the error middleware answers 500 and logs (a ZodError would become a 400).
 */
function shape(schema: z.ZodType, value: unknown, what: string): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(`${what} does not match its declared schema: ${result.error.message}`);
}

/** Registers `route` on `router`: the request parsed, the handler called, the answer shaped. */
export function mountRoute(router: Router, route: ApiRoute): void {
  const { request = {}, responses } = route;
  router[route.method](route.path, async (ctx) => {
    const result = await route.handler(parseRequest(request, ctx), ctx);
    const response = responses[result.status];
    const where = `${route.method.toUpperCase()} ${route.path} ${result.status}`;
    if (!response) throw new Error(`${where} is not a declared response`);
    const headers = result.headers ?? {};
    if (response.headers) shape(response.headers, headers, `${where}'s headers`);
    ctx.status = result.status;
    ctx.set(headers);
    ctx.type = result.type ?? response.mediaTypes?.[0] ?? JSON_MEDIA_TYPE;
    ctx.body = shape(response.body, result.body, `${where}'s body`);
  });
}
