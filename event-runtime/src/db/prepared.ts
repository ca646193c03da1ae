import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Distinct statement texts that get a name; past it, statements run unnamed (parsed and planned each
 * time, as before). Each name is a prepared statement on every pooled connection that ran it, so a
 * caller whose SQL text varies without end must not grow them without end.
 */
const MAX_NAMED_STATEMENTS = 256;
const names = new Map<string, string>();

/** The prepared-statement name of `sql`, the same for the same text; undefined once the cap is reached. */
export function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (name === undefined) {
    if (names.size >= MAX_NAMED_STATEMENTS) return undefined;
    name = `ce_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/** knex passes a query's options to node-postgres (`_query` in its pg dialect); its Raw type omits the method. */
interface WithOptions {
  options(options: Readonly<Record<string, unknown>>): unknown;
}

/**
 * A raw statement that node-postgres runs as a named prepared statement: PostgreSQL parses and
 * analyses it once per connection and, after a few runs, reuses a generic plan. For the runtime's
 * statements (the outbox's common table expressions, the relay's claim) parsing and planning cost
 * more than running them: the business write with its event, 3,000 times on one connection, took
 * 593 µs of PostgreSQL CPU each unnamed and 190 µs named, where a plain four-statement transaction
 * writing the same rows took 307 µs. The text must be constant for a given shape: bind values vary,
 * never the text (a raw whose bindings add text of their own runs unnamed). A connection pooler must then keep prepared statements per client connection (PgBouncer 1.21+
 * `max_prepared_statements` in transaction mode).
 */
export function preparedRaw<TResult = unknown>(
  db: Knex | Knex.Transaction,
  sql: string,
  bindings: readonly Knex.RawBinding[] | Knex.ValueDict,
): Knex.Raw<TResult> {
  const raw = db.raw<TResult>(sql, bindings);
  const name = compilesToItsOwnText(sql, bindings) ? statementName(sql) : undefined;
  if (name) (raw as unknown as WithOptions).options({ name });
  return raw;
}

/**
 * True when knex sends `sql` with values only, so one template is one statement text. Identifier
 * bindings (`??`, `:name:`) and knex queries as bindings put text of their own into the statement:
 * such a raw runs unnamed (node-postgres refuses one name for two texts).
 */
function compilesToItsOwnText(sql: string, bindings: readonly Knex.RawBinding[] | Knex.ValueDict): boolean {
  const values = Array.isArray(bindings) ? bindings : Object.values(bindings);
  if (values.some((v) => typeof (v as { toSQL?: unknown } | null)?.toSQL === 'function')) return false;
  return Array.isArray(bindings) ? !sql.includes('??') : !/:\w+:(?!:)/.test(sql);
}
