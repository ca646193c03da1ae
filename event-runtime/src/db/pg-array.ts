/** What an element of a PostgreSQL array parameter can be here; null is SQL NULL. */
export type PgArrayElement = string | number | bigint | boolean | Date | Buffer | null | undefined;

/** An element that PostgreSQL's array input reads as itself without quotes (and is not the word NULL). */
const BARE = /^[^\s"\\{},]+$/;
const NULL_WORD = /^null$/i;
const QUOTED_SPECIALS = /[\\"]/g;

function elementText(value: PgArrayElement): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') {
    return BARE.test(value) && !NULL_WORD.test(value) ? value : `"${value.replace(QUOTED_SPECIALS, '\\$&')}"`;
  }
  // bytea's hex input (\x...), its backslash escaped for the array's own input.
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  if (value instanceof Date) return elementText(instantText(value));
  return String(value);
}

/**
 * An instant as PostgreSQL's timestamptz input reads it exactly: ISO 8601 in UTC. Outside the years
 * 1-9999 ISO 8601 writes an expanded year (`+010000`, `-000001`, and `0000` for 1 BC), which
 * PostgreSQL does not take: it takes `10000-...` and a `BC` suffix. An invalid Date throws RangeError.
 */
function instantText(date: Date): string {
  const iso = date.toISOString();
  const year = date.getUTCFullYear();
  if (year >= 1 && year <= 9999) return iso;
  const afterYear = iso.slice(iso.indexOf('-', 1));
  return year > 9999 ? `${year}${afterYear}` : `${String(1 - year).padStart(4, '0')}${afterYear} BC`;
}

/**
 * A JavaScript array as the text of a PostgreSQL array parameter (`$1::uuid[]` and the like), built in
 * one `join`. node-postgres serialises an array parameter itself (`arrayString`) by concatenating a
 * string per element, each through two regular-expression replaces and a Date through its own
 * formatter, and knex walks every element looking for `undefined` first: in the pipeline that was a
 * third of the bytes the consumer allocated (a V8 sampling heap profile), the inbox's and projection's
 * arrays of hundreds of elements per batch. The result is the same array, element for element
 * (test/integration/db/pg-array.test.ts round-trips it through PostgreSQL); Dates go as UTC instants,
 * which a timestamptz column reads as the same instant. `undefined` goes as NULL, as node-postgres sends
 * it (knex would have refused the binding).
 */
export function pgArray(values: readonly PgArrayElement[]): string {
  return `{${values.map(elementText).join(',')}}`;
}
