import knex from 'knex';
import { preparedRaw, statementName } from '../../../src/db/prepared';

test('a statement text has one name, and another text another', () => {
  const a = statementName('select 1');
  expect(a).toMatch(/^ce_[0-9a-f]{24}$/);
  expect(statementName('select 1')).toBe(a);
  expect(statementName('select 2')).not.toBe(a);
});

test('preparedRaw hands the name to node-postgres with the statement', () => {
  // No connection is made: toSQL() only compiles.
  const db = knex({ client: 'pg' });
  const sql = 'insert into t (a) select * from unnest(?::int[]) returning a';
  const compiled = preparedRaw(db, sql, [[1, 2]]).toSQL() as unknown as { options: { name?: string } };
  expect(compiled.options.name).toMatch(/^ce_[0-9a-f]{24}$/);
  expect(compiled.options.name).toBe(statementName(sql));
  // The same text with other values: the same prepared statement.
  const again = preparedRaw(db, sql, [[3]]).toSQL() as unknown as { options: { name?: string } };
  expect(again.options.name).toBe(compiled.options.name);
});

test('a raw whose bindings put text of their own into the statement runs unnamed', () => {
  const db = knex({ client: 'pg' });
  const nameOf = (raw: ReturnType<typeof preparedRaw>) =>
    (raw.toSQL() as unknown as { options: { name?: string } }).options.name;
  expect(nameOf(preparedRaw(db, 'select ?? from t', ['a']))).toBeUndefined();
  expect(nameOf(preparedRaw(db, 'select :col: from t', { col: 'a' }))).toBeUndefined();
  expect(nameOf(preparedRaw(db, 'select * from t where a in (?)', [db.raw('1, 2')]))).toBeUndefined();
  // Casts and named values are plain text.
  expect(nameOf(preparedRaw(db, 'select :v::uuid', { v: 'x' }))).toMatch(/^ce_/);
});

// Last: it fills the module's cache up to its cap.
test('past 256 distinct texts, statements run unnamed instead of preparing without end', () => {
  const named = Array.from({ length: 300 }, (_, i) => statementName(`select ${i} as cap_test`));
  expect(named.filter((n) => n === undefined).length).toBeGreaterThan(0);
  // Texts named before the cap keep their names.
  expect(statementName('select 1')).toBeDefined();
});
