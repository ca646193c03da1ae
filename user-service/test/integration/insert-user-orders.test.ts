/**
 * The projection's batch insert on the real PostgreSQL: the rows go as typed arrays (uuid, numeric,
 * timestamptz), an order seen twice is stored once, and the stored values are the event's.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { migrations } from '../../src/db/migrations';
import { insertUserOrders } from '../../src/db/queries/insert-user-order';
import type { UserOrderRow } from '../../src/db/rows';
import { createTestDatabase } from '../../../test/support/test-database';

let db: Knex;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase(migrations));
});

afterAll(async () => {
  await drop?.();
});

const order = (amount: string, createdAt: string): UserOrderRow => ({
  order_id: randomUUID(),
  user_id: randomUUID(),
  amount,
  currency: 'EUR',
  created_at: new Date(createdAt),
  event_id: randomUUID(),
});

test('a batch of orders is stored once each, with the values of its events', async () => {
  const a = order('12.50', '2026-11-30T10:00:00.123Z');
  const b = order('9999999999.99', '2026-11-30T10:00:01.000Z');
  // b twice in one batch, then a again in the next (a redelivery under another event id).
  await insertUserOrders(db, [a, b, b]);
  await insertUserOrders(db, [{ ...a, event_id: randomUUID(), amount: '1.00' }]);
  await insertUserOrders(db, []);
  const rows = await db('user_orders')
    .select('order_id', 'user_id', 'amount', 'currency', 'created_at', 'event_id')
    .orderBy('created_at');
  expect(rows).toEqual([a, b]);
});
