import { EventSystemError } from '../errors';

/**
 * Thrown by a handler for an event it can never apply (it breaks a rule the schema cannot
 * express): the consumer dead-letters that event and goes on with the next.
 */
export class InvalidEventError extends EventSystemError<'INVALID_EVENT'> {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: 'INVALID_EVENT', retriable: false, details });
  }
}

/** An error that retrying the same message cannot fix: decode failures and handler rejections. */
export function isPermanent(err: unknown): err is EventSystemError {
  return err instanceof EventSystemError && !err.retriable;
}
