import { isDataRefusal } from '../db/pg-errors';
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

/**
 * PostgreSQL refusing the data itself (SQLSTATE class 22, data exception, or 23, integrity
 * violation) will refuse it on every retry: the event is dead-lettered instead of blocking its
 * partition. Connection and availability failures keep their retry.
 */
export function asPermanentDataError(err: unknown): InvalidEventError | undefined {
  if (!isDataRefusal(err)) return undefined;
  const sqlstate = (err as { code: string }).code;
  return new InvalidEventError(`the database refused the event: ${(err as Error).message}`, { sqlstate });
}
