/**
 * What a PostgreSQL or pool error means for the caller: the one place that reads SQLSTATEs, so the
 * consumer's retry-or-dead-letter choice and the HTTP status agree about the database.
 */

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** node-postgres's messages (pg/lib/client.js, pg-pool) for a connection that is gone. */
const LOST_CONNECTION = /Connection terminated|Client has encountered a connection error|Client was closed/;

/**
 * The database cannot be reached (refused, reset, pool timeout, shutting down, every connection slot
 * taken: 53300): retry later.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if ((err as { name?: unknown } | null)?.name === 'KnexTimeoutError') return true;
  // node-postgres reports a server gone mid-connection (crash, restart, a proxy cut) with no code, and
  // refuses further queries on that client the same way; knex puts the query first ("BEGIN; - ...").
  if (err instanceof Error && codeOf(err) === '' && LOST_CONNECTION.test(err.message)) return true;
  const code = codeOf(err);
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300'].includes(code) ||
    code.startsWith('08')
  );
}

/** PostgreSQL refuses the data itself (class 22 data exception, 23 integrity violation): every retry would too. */
export function isDataRefusal(err: unknown): boolean {
  return /^2[23][0-9A-Z]{3}$/.test(codeOf(err));
}

/** PostgreSQL's unique_violation (23505), optionally on one constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const violated = (err as { constraint?: unknown } | null)?.constraint;
  return codeOf(err) === '23505' && (constraint === undefined || violated === constraint);
}
