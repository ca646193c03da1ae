import { EventSystemError } from '../errors';

/** Every code an HTTP error body can carry. Stable: clients branch on these, never on messages. */
export const httpErrorCodes = [
  'bad_request',
  'invalid_json',
  'validation_failed',
  'not_found',
  'conflict',
  'unknown_user',
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
  unknown_user: 422,
  internal_error: 500,
  not_ready: 503,
};

/** The JSON body of every error response. */
export interface HttpErrorBody {
  error: { code: HttpErrorCode; message: string; details: Record<string, unknown> };
}

/**
 * An error meant for the client: its message and details are sent as they are, so they must be
 * written for the caller and never carry secrets or internals.
 */
export class HttpError extends EventSystemError<HttpErrorCode> {
  readonly status: number;

  constructor(code: HttpErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown) {
    // Only "not ready" and an internal failure can clear up by themselves; client mistakes never do.
    super(message, { code, retriable: code === 'not_ready' || code === 'internal_error', details, cause });
    this.status = httpStatusByCode[code];
  }

  /** The response body for this error. */
  toBody(): HttpErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details ?? {} } };
  }
}
