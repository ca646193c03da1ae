import { EventSystemError } from '../errors';

/**
 * The codes the HTTP kit answers with, shared by every service. Stable: clients branch on these,
 * never on messages. A service's own codes are declared in the service with {@link defineHttpError}.
 */
export const httpErrorCodes = [
  'bad_request',
  'invalid_json',
  'validation_failed',
  'not_found',
  'conflict',
  'payload_too_large',
  'headers_too_large',
  'unsupported_media_type',
  'method_not_allowed',
  'not_ready',
  'database_unavailable',
  'internal_error',
] as const;

/** A code from {@link httpErrorCodes}. */
export type HttpErrorCode = (typeof httpErrorCodes)[number];

/** The status each code is answered with, so a code always means the same status. */
export const httpStatusByCode: Readonly<Record<HttpErrorCode, number>> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  headers_too_large: 431,
  unsupported_media_type: 415,
  internal_error: 500,
  not_ready: 503,
  database_unavailable: 503,
};

const isKitCode = (code: string): code is HttpErrorCode => Object.hasOwn(httpStatusByCode, code);

/**
 * The status `code` is answered with: `status` when given (an error status, 400 to 599, and the
 * kit's own status if `code` is one of the kit's codes), else the kit's status for the code.
 * @throws RangeError when no status is known or it is not an error status; Error when a kit code
 *   would be given another status than its own.
 */
function statusOf(code: string, status: number | undefined): number {
  const kit = isKitCode(code) ? httpStatusByCode[code] : undefined;
  if (status === undefined) {
    if (kit === undefined) {
      throw new RangeError(
        `HTTP error code "${code}" has no status: it is not one of the kit's codes (${httpErrorCodes.join(', ')}); declare it with defineHttpError(code, status)`,
      );
    }
    return kit;
  }
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(
      `HTTP error code "${code}": status must be an integer from 400 to 599, got ${String(status)}`,
    );
  }
  if (kit !== undefined && kit !== status) {
    throw new Error(
      `HTTP error code "${code}" is one of the kit's codes, always answered with ${kit}; it cannot be redefined with ${status}`,
    );
  }
  return status;
}

/** The JSON body of every error response. */
export interface HttpErrorBody<C extends string = HttpErrorCode> {
  error: { code: C; message: string; details: Record<string, unknown> };
}

/**
 * An error meant for the client: its message and details are sent as they are, so they must be
 * written for the caller and never carry secrets or internals. The kit's codes take their status
 * from {@link httpStatusByCode}; a service's own code carries the status it was defined with
 * ({@link defineHttpError}).
 */
export class HttpError<C extends string = HttpErrorCode> extends EventSystemError<C> {
  readonly status: number;

  /** An error with one of the kit's codes. */
  constructor(code: C & HttpErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown);
  /** An error with a service's own code and its status; prefer {@link defineHttpError}. */
  constructor(
    code: C,
    message: string,
    details: Record<string, unknown> | undefined,
    cause: unknown,
    status: number,
  );
  constructor(code: C, message: string, details?: Record<string, unknown>, cause?: unknown, status?: number) {
    const answered = statusOf(code, status);
    // Only a server-side failure (not ready, internal error) can clear up by itself; client mistakes never do.
    super(message, { code, retriable: answered >= 500, details, cause });
    this.status = answered;
  }

  /** The response body for this error. */
  toBody(): HttpErrorBody<C> {
    return { error: { code: this.code, message: this.message, details: this.details ?? {} } };
  }
}

/** Builds the errors of one code a service declared; carries the code and its status for the docs. */
export interface HttpErrorDefinition<C extends string> {
  (message: string, details?: Record<string, unknown>, cause?: unknown): HttpError<C>;
  readonly code: C;
  readonly status: number;
}

/**
 * Declares an HTTP error code a service owns (e.g. the order service's `unknown_user`, 422), so the
 * code always goes out with the same status. Returns the function that builds such errors; a route
 * lists it in its declared errors (`defineRoute`) to document it.
 *
 * @throws RangeError when `status` is not an error status (400 to 599); Error when `code` is one of
 *   the kit's codes ({@link httpErrorCodes}) and `status` is not the kit's status for it.
 */
export function defineHttpError<C extends string>(code: C, status: number): HttpErrorDefinition<C> {
  statusOf(code, status); // refused here, where the code is declared, not when it is first thrown
  const build = (message: string, details?: Record<string, unknown>, cause?: unknown) =>
    new HttpError<C>(code, message, details, cause, status);
  return Object.assign(build, { code, status });
}
