// The services read `ctx.request.body`, which @koa/bodyparser's types declare on koa's Request; kept in
// this file's declarations so a workspace built against the runtime's (tsc -b) sees it too.
/// <reference types="@koa/bodyparser" preserve="true" />
import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import { HttpError } from './http-error';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Parses JSON bodies up to `limit` (e.g. '64kb'). A body of any other type on a method that takes
 * one is refused with 415 rather than being ignored, which would surface as a confusing
 * "field required" error. Parse and size errors are thrown for the error middleware to map.
 */
export function jsonBody(limit: string) {
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: limit, jsonStrict: true });
  return async function parseJsonBody(ctx: Context, next: Next): Promise<void> {
    // `is` answers null when there is no body at all, false when there is one of another type.
    if (BODY_METHODS.has(ctx.method) && ctx.request.is('application/json', '+json') === false) {
      throw new HttpError(
        'unsupported_media_type',
        'Request body must be JSON (Content-Type: application/json)',
        { contentType: ctx.get('content-type') },
      );
    }
    await parse(ctx, next);
  };
}
