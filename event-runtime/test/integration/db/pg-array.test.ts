/**
 * pgArray (db/pg-array.ts) on the real PostgreSQL: for each element type the runtime and the services
 * send as arrays, PostgreSQL reads the literal pgArray builds as the same array that node-postgres's own
 * serialisation of the JavaScript array gives, and for text, bytes, documents and instants as the very
 * values sent.
 */
import type { Knex } from 'knex';
import fc from 'fast-check';
import { createDatabase } from '../../../src/db/database';
import { pgArray, type PgArrayElement } from '../../../src/db/pg-array';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';

let database: TestDatabase;
let db: Knex;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabase(database.url, { min: 1, max: 2 });
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

/** The array PostgreSQL reads from `parameter` cast to `type[]`, as node-postgres returns it. */
async function readBack(type: string, parameter: unknown): Promise<unknown> {
  const { rows } = await db.raw<{ rows: { v: unknown }[] }>(`select ?::${type}[] as v`, [
    parameter as Knex.RawBinding,
  ]);
  return rows[0]!.v;
}

/** Checks that PostgreSQL reads pgArray(values) as it reads node-postgres's serialisation of values. */
async function sameAsNodePostgres(type: string, values: PgArrayElement[]): Promise<unknown> {
  const ours = await readBack(type, pgArray(values));
  expect(ours).toEqual(await readBack(type, values));
  return ours;
}

// Strings made to hit the array syntax: quotes, backslashes, braces, commas, whitespace, the word NULL
// (PostgreSQL's text holds no NUL character).
const awkwardText = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.string({
      unit: fc.constantFrom(
        '"',
        '\\',
        '{',
        '}',
        ',',
        ' ',
        '\t',
        '\n',
        '\r',
        '\v',
        '\f',
        'N',
        'U',
        'L',
        'l',
        'a',
        'é',
        '日',
      ),
      maxLength: 8,
    }),
    fc.constantFrom('', 'NULL', 'null', ' NULL ', '\\x00', '{}', 'a,b', '"'),
  )
  .filter((text) => !text.includes('\u0000'));
const elements = <T>(element: fc.Arbitrary<T>) =>
  fc.array(fc.option(element, { nil: null }), { maxLength: 12 });

test('text: every string comes back as sent, nulls as nulls', async () => {
  await fc.assert(
    fc.asyncProperty(elements(awkwardText), async (values) => {
      expect(await sameAsNodePostgres('text', values)).toEqual(values);
    }),
  );
});

test('uuid, integer, bigint and numeric read as node-postgres sends them', async () => {
  await fc.assert(
    fc.asyncProperty(
      elements(fc.uuid()),
      elements(fc.integer()),
      elements(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)),
      elements(fc.tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.nat({ max: 6 }))).map(
        (pairs) => pairs.map((p) => (p === null ? null : decimal(p[0], p[1]))),
      ),
      async (uuids, integers, bigints, decimals) => {
        await sameAsNodePostgres('uuid', uuids);
        await sameAsNodePostgres('integer', integers);
        await sameAsNodePostgres('bigint', bigints);
        await sameAsNodePostgres('numeric', decimals);
      },
    ),
    { numRuns: 50 },
  );
});

test('timestamptz: each Date is the same instant, BC years and years past 9999 too', async () => {
  // PostgreSQL's range (4713 BC on); the session in UTC, so that node-postgres parses what PostgreSQL
  // prints whatever the machine's time zone (old dates have local mean time offsets with seconds).
  const date = fc.date({
    min: new Date('-004000-01-01T00:00:00Z'),
    max: new Date('+100000-01-01T00:00:00Z'),
    noInvalidDate: true,
  });
  await fc.assert(
    fc.asyncProperty(elements(date), async (dates) => {
      const read = await db.transaction(async (trx) => {
        await trx.raw("set local time zone 'UTC'");
        const { rows } = await trx.raw<{ rows: { v: (Date | null)[] }[] }>('select ?::timestamptz[] as v', [
          pgArray(dates),
        ]);
        return rows[0]!.v;
      });
      expect(read.map((d) => d?.getTime() ?? null)).toEqual(dates.map((d) => d?.getTime() ?? null));
    }),
    { numRuns: 50, examples: [[[new Date('0000-06-01T00:00:00Z'), new Date('+010000-01-01T00:00:00Z')]]] },
  );
});

test('bytea and jsonb: bytes and documents come back as sent', async () => {
  await fc.assert(
    fc.asyncProperty(
      elements(fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes))),
      elements(fc.dictionary(awkwardText, awkwardText, { maxKeys: 4 }).map((doc) => JSON.stringify(doc))),
      async (buffers, documents) => {
        expect(await sameAsNodePostgres('bytea', buffers)).toEqual(buffers);
        expect(await sameAsNodePostgres('jsonb', documents)).toEqual(
          documents.map((d) => (d === null ? null : JSON.parse(d))),
        );
      },
    ),
    { numRuns: 50 },
  );
});

test('an empty array, and an array of nulls only', async () => {
  expect(await sameAsNodePostgres('text', [])).toEqual([]);
  expect(await sameAsNodePostgres('uuid', [null, null])).toEqual([null, null]);
});

/** `units` scaled down by 10^scale, as a decimal string (`-12.345`). */
function decimal(units: bigint, scale: number): string {
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  return scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
