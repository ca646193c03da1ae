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
  'unsupported_media_type',
  'method_not_allowed',
  'not_ready',
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
  unsupported_media_type: 415,
  internal_error: 500,
  not_ready: 503,
};

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
    const answered = status ?? httpStatusByCode[code as string as HttpErrorCode];
    // Only a server-side failure (not ready, internal error) can clear up by itself; client mistakes never do.
    super(message, { code, retriable: answered >= 500, details, cause });
    this.status = answered;
  }

  /** The response body for this error. */
  toBody(): HttpErrorBody<C> {
    return { error: { code: this.code, message: this.message, details: this.details ?? {} } };
  }
}

/**
 * Declares an HTTP error code a service owns (e.g. the order service's `unknown_user`, 422), so the
 * code always goes out with the same status. Returns the function that builds such errors.
 */
export function defineHttpError<C extends string>(
  code: C,
  status: number,
): (message: string, details?: Record<string, unknown>, cause?: unknown) => HttpError<C> {
  return (message, details, cause) => new HttpError<C>(code, message, details, cause, status);
}
