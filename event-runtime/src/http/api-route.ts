/**
 * One declaration per HTTP route: its path, request and response zod schemas and the error codes
 * it answers with, next to its handler. The kit mounts it (`mount-route.ts`: the request is parsed
 * with these schemas, the response shaped by them) and documents it (`api-document.ts`: OpenAPI
 * 3.1 from the same schemas), so what is validated and what is documented cannot drift apart.
 */
import type { Context } from 'koa';
import type { z } from 'zod';
import { httpStatusByCode, type HttpErrorCode, type HttpErrorDefinition } from './http-error';

/** The methods a route may answer (GET also answers HEAD, as Koa's router does). */
export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * What a request carries, each part a zod schema. `params` (Koa's `/users/:id`) failing answers 404
 * `not_found`: a path that cannot name a resource names none. `query`, `headers` and `body` failing
 * answer 400 `validation_failed` with every field's problem. Objects in a body should be strict.
 */
export interface ApiRequest {
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers, lower-case names; unknown headers are ignored. */
  headers?: z.ZodObject;
  /** A JSON body; the route then also answers the body's parse errors (invalid_json, 413, 415). */
  body?: z.ZodType;
}

/** One answer a route gives when it succeeds (or, like /ready's 503, answers with its own shape). */
export interface ApiResponse {
  description: string;
  /** Shapes the body: it is parsed with this schema before it is sent (unknown keys dropped). */
  body: z.ZodType;
  /** Default `application/json`; for text bodies (metrics, HTML, assets) the media types sent. */
  mediaTypes?: readonly string[];
  /** Response headers, lower-case names. */
  headers?: z.ZodObject;
}

/** The responses of a route by status. */
export type ApiResponses = Record<number, ApiResponse>;

/** An error a route answers with: one of the kit's codes or a service's own ({@link defineHttpError}). */
export type ApiErrorRef = HttpErrorCode | HttpErrorDefinition<string>;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The parsed request a handler gets. */
export interface ApiInput<R extends ApiRequest> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  headers: Parsed<R['headers']>;
  body: Parsed<R['body']>;
}

/** What a handler returns: one of its declared statuses and a body that status's schema accepts. */
export type ApiResult<S extends ApiResponses> = {
  [K in keyof S & number]: {
    status: K;
    body: z.input<S[K]['body']>;
    /** Sent as they are; declare them in the response's `headers` to document them. */
    headers?: Record<string, string>;
    /** The media type sent, one of the response's `mediaTypes` (default: the first). */
    type?: string;
  };
}[keyof S & number];

/** A route's declaration; see {@link defineRoute}. */
export interface ApiRouteSpec<R extends ApiRequest, S extends ApiResponses> {
  method: ApiMethod;
  /** Koa syntax: `/users/:id` (named parameters only); documented as `/users/{id}`. */
  path: string;
  operationId?: string;
  summary: string;
  description?: string;
  tags?: string[];
  request?: R;
  responses: S;
  /**
   * The error codes this route itself throws. The kit adds the ones it answers for the route
   * ({@link errorCodesOf}): request validation, body parsing, 500 `internal_error`.
   */
  errors?: readonly ApiErrorRef[];
  // NoInfer: the schemas decide the types, the handler is checked against them.
  handler(input: ApiInput<NoInfer<R>>, ctx: Context): Promise<ApiResult<NoInfer<S>>>;
}

/** A declared route, its types erased so routes of different shapes fit one list. */
export type ApiRoute = ApiRouteSpec<ApiRequest, ApiResponses>;

/** Declares a route; the types check the handler's input and result against the schemas. */
export function defineRoute<
  R extends ApiRequest = Record<never, never>,
  S extends ApiResponses = ApiResponses,
>(spec: ApiRouteSpec<R, S>): ApiRoute {
  // Erasing the generics is safe: the kit parses every part with the route's own schemas before
  // calling the handler, and the handler's result was checked against `S` above.
  return spec as unknown as ApiRoute;
}

/** The route with more error codes (the kit's wrapping of a service's routes adds its own). */
export function withErrors(route: ApiRoute, errors: readonly ApiErrorRef[]): ApiRoute {
  return { ...route, errors: [...(route.errors ?? []), ...errors] };
}

/** An error code and the status it is always answered with. */
export interface ApiErrorCode {
  code: string;
  status: number;
}

const bodyParseErrors: readonly HttpErrorCode[] = [
  'invalid_json',
  'bad_request', // a body that does not match its Content-Encoding
  'payload_too_large',
  'unsupported_media_type',
];

/**
 * Every error code `route` can answer with, in a stable order: its own, those of the kit's request
 * parsing for the parts it declares, and 500 `internal_error`.
 */
export function errorCodesOf(route: ApiRoute): ApiErrorCode[] {
  const { request = {} } = route;
  const refs: ApiErrorRef[] = [...(route.errors ?? [])];
  if (request.params) refs.push('not_found');
  if (request.query || request.headers || request.body) refs.push('validation_failed');
  if (request.body) refs.push(...bodyParseErrors);
  refs.push('internal_error');
  const byCode = new Map<string, number>();
  for (const ref of refs) {
    if (typeof ref === 'string') byCode.set(ref, httpStatusByCode[ref]);
    else byCode.set(ref.code, ref.status);
  }
  return [...byCode].map(([code, status]) => ({ code, status }));
}

/** `/users/:id` → `/users/{id}`. */
export function openApiPath(koaPath: string): string {
  // Only plain named parameters: anything else of path-to-regexp's syntax has no OpenAPI form.
  if (/[*(){}?+]/.test(koaPath)) throw new Error(`Route path ${koaPath}: only named parameters (:name)`);
  return koaPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}
