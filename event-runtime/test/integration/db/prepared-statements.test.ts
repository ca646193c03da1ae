/**
 * The runtime's hot statements on the real PostgreSQL run as named prepared statements (db/prepared.ts),
 * and the inbox's array insert keeps its contract: the ids that were new come back, each once.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { recordInInbox } from '../../../src/consumer/inbox-store';
import { createDatabase } from '../../../src/db/database';
import { statementName } from '../../../src/db/prepared';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';

let database: TestDatabase;
// One connection, so the statements prepared and the query that lists them share a session.
let single: Knex;

beforeAll(async () => {
  database = await createTestDatabase();
  single = createDatabase(database.url, { min: 1, max: 1 });
});

afterAll(async () => {
  await single?.destroy();
  await database?.drop();
});

const inboxRow = (event_id: string, offset: number) => ({
  event_id,
  topic: 'orders',
  partition: 2,
  offset: String(offset),
});

test('the inbox records a batch in one prepared statement and returns only the ids that were new', async () => {
  const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
  const first = await single.transaction((trx) => recordInInbox(trx, [inboxRow(a, 1), inboxRow(b, 2)]));
  expect([...first].sort()).toEqual([a, b].sort());
  // b again (redelivered), c twice in the same batch.
  const second = await single.transaction((trx) =>
    recordInInbox(trx, [inboxRow(b, 2), inboxRow(c, 3), inboxRow(c, 4)]),
  );
  expect([...second]).toEqual([c]);
  const rows = await single('inbox').select('event_id', 'partition', 'offset').orderBy('offset');
  expect(rows).toEqual([
    { event_id: a, partition: 2, offset: '1' },
    { event_id: b, partition: 2, offset: '2' },
    // An id listed twice is recorded at its last place.
    { event_id: c, partition: 2, offset: '4' },
  ]);
  const prepared = await single.raw<{ rows: { name: string; statement: string }[] }>(
    'select name, statement from pg_prepared_statements',
  );
  const inbox = prepared.rows.filter((r) => r.statement.includes('insert into inbox'));
  expect(inbox).toHaveLength(1);
  expect(inbox[0]!.name).toBe(statementName(inbox[0]!.statement.replace(/\$\d+/g, '?')));
});
