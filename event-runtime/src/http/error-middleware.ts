import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../db/pg-errors';
import { EventSystemError } from '../errors';
import { HttpError, type HttpErrorCode } from './http-error';
import { validationError } from './validate';

/** What raw-body / co-body errors look like (they come from the http-errors package). */
interface ClientStreamError {
  status: number;
  type?: string;
  expose?: boolean;
}

function isClientStreamError(err: unknown): err is ClientStreamError {
  if (typeof err !== 'object' || err === null) return false;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const codeByStreamErrorType: Record<string, HttpErrorCode> = {
  'entity.parse.failed': 'invalid_json',
  'entity.too.large': 'payload_too_large',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
};

const codeByClientStatus: Record<number, HttpErrorCode> = {
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

const messageByCode: Partial<Record<HttpErrorCode, string>> = {
  invalid_json: 'Request body is not valid JSON',
  payload_too_large: 'Request body is too large',
  unsupported_media_type: 'Request body must be JSON (Content-Type: application/json, UTF-8)',
  method_not_allowed: 'Method not allowed on this route',
  not_found: 'No such route',
};

/**
 * Maps anything thrown below to an {@link HttpError} (a service's own codes pass through as they
 * are). Client mistakes keep their 4xx; everything
 * else becomes a 500 (or a 503 when a dependency said a retry may help) whose message says
 * nothing about internals, because internals are for the log.
 */
export function toHttpError(err: unknown): { error: HttpError<string>; unexpected: boolean } {
  if (err instanceof HttpError) return { error: err, unexpected: false };
  if (err instanceof z.ZodError) return { error: validationError(err), unexpected: false };
  if (err instanceof EventSystemError) {
    const error = err.retriable
      ? new HttpError('not_ready', 'A dependency is unavailable; retry later', { reason: err.code })
      : new HttpError('internal_error', 'Internal server error');
    return { error, unexpected: true };
  }
  if (isClientStreamError(err)) {
    // co-body rethrows JSON.parse's SyntaxError with status 400 and no type.
    const parseFailed = err instanceof SyntaxError && err.status === 400;
    const code =
      (parseFailed ? 'invalid_json' : undefined) ??
      (err.type === undefined ? undefined : codeByStreamErrorType[err.type]) ??
      codeByClientStatus[err.status] ??
      'bad_request';
    const message = messageByCode[code] ?? 'Bad request';
    return { error: new HttpError(code, message), unexpected: false };
  }
  if (isCorruptBodyEncoding(err)) {
    return {
      error: new HttpError('bad_request', 'Request body could not be decompressed'),
      unexpected: false,
    };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      error: new HttpError('database_unavailable', 'The database is unavailable; retry later'),
      unexpected: true,
    };
  }
  return { error: new HttpError('internal_error', 'Internal server error'), unexpected: true };
}

/** zlib and brotli errors from a body whose Content-Encoding does not match its bytes. */
function isCorruptBodyEncoding(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(Z_|ERR_BROTLI|ERR__?ZLIB)/.test(code);
}

/** Sends `error` as the `{error: {code, message, details}}` body with its status. */
export function sendHttpError(ctx: Context, error: HttpError<string>): void {
  ctx.status = error.status;
  ctx.body = error.toBody();
  if (error.status === 503) ctx.set('Retry-After', '1');
}

/**
 * Turns every thrown error, and a request no route answered, into the JSON error body. Never
 * rethrows, so Koa's default text error page never reaches a client.
 */
export function errorMiddleware(logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      // Koa's default status is 404 until something sets a body: nothing handled the request.
      if (ctx.body == null && ctx.status === 404) {
        throw new HttpError('not_found', `No route for ${ctx.method} ${ctx.path}`);
      }
      // The router's allowedMethods answers a known path with the wrong method (405, or 501 for
      // a method it does not know at all) with an Allow header and no body.
      if (ctx.body == null && (ctx.status === 405 || ctx.status === 501)) {
        throw new HttpError('method_not_allowed', `Method ${ctx.method} is not allowed on ${ctx.path}`, {
          allow: ctx.response.get('Allow'),
        });
      }
    } catch (err) {
      const { error, unexpected } = toHttpError(err);
      if (unexpected) {
        const log = (ctx.state as { logger?: Logger }).logger ?? logger;
        log.error({ err }, 'request failed unexpectedly');
      }
      sendHttpError(ctx, error);
    }
  };
}
