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
  // An instant PostgreSQL reads exactly (timestamptz); an invalid Date throws RangeError here.
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * A JavaScript array as the text of a PostgreSQL array parameter (`$1::uuid[]` and the like), built in
 * one `join`. node-postgres serialises an array parameter itself (`arrayString`) by concatenating a
 * string per element, each through two regular-expression replaces and a Date through its own
 * formatter, and knex walks every element looking for `undefined` first: in the pipeline that was a
 * third of the bytes the consumer allocated (a V8 sampling heap profile), the inbox's and projection's
 * arrays of hundreds of elements per batch. The result is the same array, element for element
 * (test/integration/db/pg-array.test.ts round-trips it through PostgreSQL); Dates go as ISO 8601
 * instants, which a timestamptz column reads as the same instant.
 */
export function pgArray(values: readonly PgArrayElement[]): string {
  return `{${values.map(elementText).join(',')}}`;
}
