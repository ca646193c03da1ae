import { randomUUID } from 'node:crypto';
import type { RunningHttpServer } from '@contract-events/runtime';
import type { Knex } from 'knex';
import { migrations } from '../../src/db/migrations';
import { onUserCreated } from '../../src/events/on-user-created';
import { createOrderRoutes } from '../../src/http/order-routes';
import { fakeOutbox, postJson, serveRoutes, type EnqueueCall } from '../../../test/support/route-harness';
import { createTestDatabase } from '../../../test/support/test-database';

const WAIT_MAX_MS = 3000;
let db: Knex;
let drop: () => Promise<void>;
let server: RunningHttpServer;
let cappedServer: RunningHttpServer;
const seenInside: { insideTrx: boolean; outsideTrx: boolean }[] = [];
const fake = fakeOutbox(async (call: EnqueueCall) => {
  const id = call.event.order_id as string;
  seenInside.push({
    insideTrx: (await call.trx('orders').where({ id }).first()) !== undefined,
    outsideTrx: (await db('orders').where({ id }).first()) !== undefined,
  });
});
const meta = { topic: 'user_created', partition: 0, offset: '0', key: null };

function userEvent(userId: string, occurredAt: string, name = 'Ann') {
  return {
    event_id: randomUUID(),
    occurred_at: new Date(occurredAt),
    user_id: userId,
    email: 'a@example.com',
    name,
  };
}

async function knownUser(): Promise<string> {
  const id = randomUUID();
  await db.transaction((trx) => onUserCreated(trx, userEvent(id, '2026-01-01T00:00:00Z'), meta));
  return id;
}

async function errorOf(
  res: Response,
): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  return (
    (await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } }
  ).error;
}

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase(migrations));
  const deps = { db, outbox: fake.outbox, defaultCurrency: 'EUR', projectionWaitMaxMs: WAIT_MAX_MS };
  server = await serveRoutes(createOrderRoutes(deps));
  cappedServer = await serveRoutes(createOrderRoutes({ ...deps, projectionWaitMaxMs: 200 }));
});

afterAll(async () => {
  await server?.close();
  await cappedServer?.close();
  await drop?.();
});

beforeEach(() => {
  fake.calls.length = 0;
  seenInside.length = 0;
  delete fake.state.failWith;
});

describe('POST /orders', () => {
  it('creates the order and enqueues order_created in the same transaction', async () => {
    const userId = await knownUser();
    const res = await postJson(`${server.url}/orders`, { user_id: userId, amount: '12.5' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toEqual({
      id: expect.any(String),
      user_id: userId,
      amount: '12.50',
      currency: 'EUR',
      created_at: expect.any(String),
    });
    const row = await db('orders').where({ id: body.id }).first();
    expect(row).toMatchObject({ user_id: userId, amount: '12.50', currency: 'EUR' });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.topic).toBe('order_created');
    expect(fake.calls[0]?.event).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurred_at: new Date(body.created_at as string),
      order_id: body.id,
      user_id: userId,
      amount: '12.50',
      currency: 'EUR',
    });
    expect(seenInside).toEqual([{ insideTrx: true, outsideTrx: false }]);
  });

  it('accepts a JSON number amount and a lower-case currency', async () => {
    const userId = await knownUser();
    const res = await postJson(`${server.url}/orders`, {
      user_id: userId,
      amount: 9999999999.99,
      currency: 'usd',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ amount: '9999999999.99', currency: 'USD' });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['too many places', { amount: 12.345 }, ['amount']],
    ['a float sum', { amount: 0.1 + 0.2 }, ['amount']],
    ['zero', { amount: '0' }, ['amount']],
    ['too large', { amount: '10000000000' }, ['amount']],
    ['a bad currency', { amount: '1', currency: 'EURO' }, ['currency']],
    ['an unknown field', { amount: '1', note: 'x' }, ['note']],
  ])('answers 400 validation_failed for %s', async (_what, fields, paths) => {
    const userId = await knownUser();
    const res = await postJson(`${server.url}/orders`, { user_id: userId, ...fields });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('validation_failed');
    expect((error.details.fields as { path: string }[]).map((f) => f.path)).toEqual(paths);
    expect(await db('orders').where({ user_id: userId })).toHaveLength(0);
  });

  it('answers 422 unknown_user for a user the projection does not have', async () => {
    const userId = randomUUID();
    const res = await postJson(`${server.url}/orders`, { user_id: userId, amount: '5' });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('unknown_user');
    expect(error.message).toMatch(/not known to the order service yet/);
    expect(error.message).toMatch(/Prefer: wait=N/);
    expect(error.details).toMatchObject({ user_id: userId });
    expect(await db('orders').where({ user_id: userId })).toHaveLength(0);
    expect(fake.calls).toHaveLength(0);
  });

  it('with Prefer: wait=2 waits for a user that arrives 300 ms later, then creates the order', async () => {
    const userId = randomUUID();
    const started = Date.now();
    const arrives = new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        db.transaction((trx) => onUserCreated(trx, userEvent(userId, '2026-01-01T00:00:00Z'), meta)).then(
          () => resolve(),
          reject,
        );
      }, 300);
    });
    const res = await postJson(
      `${server.url}/orders`,
      { user_id: userId, amount: '1.00' },
      { prefer: 'wait=2' },
    );
    await arrives;
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await db('orders').where({ user_id: userId })).toHaveLength(1);
  });

  it('caps the wait at projectionWaitMaxMs and ignores a malformed Prefer', async () => {
    const userId = randomUUID();
    let started = Date.now();
    const capped = await postJson(
      `${cappedServer.url}/orders`,
      { user_id: userId, amount: '1' },
      { prefer: 'wait=30' },
    );
    expect(capped.status).toBe(422);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2000);

    started = Date.now();
    const malformed = await postJson(
      `${server.url}/orders`,
      { user_id: userId, amount: '1' },
      { prefer: 'wait=soon' },
    );
    expect(malformed.status).toBe(422);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rolls the order back when enqueueing the event fails, answering 500 internal_error', async () => {
    const userId = await knownUser();
    fake.state.failWith = new Error('kafka exploded');
    const res = await postJson(`${server.url}/orders`, { user_id: userId, amount: '3.00' });
    expect(res.status).toBe(500);
    const error = await errorOf(res);
    expect(error).toEqual({ code: 'internal_error', message: 'Internal server error', details: {} });
    expect(seenInside).toEqual([{ insideTrx: true, outsideTrx: false }]);
    expect(await db('orders').where({ user_id: userId })).toHaveLength(0);
  });
});

describe('GET /orders', () => {
  it('gets one order by id; 404 for an unknown or malformed id', async () => {
    const userId = await knownUser();
    const created = (await (
      await postJson(`${server.url}/orders`, { user_id: userId, amount: 7 })
    ).json()) as {
      id: string;
    };
    const res = await fetch(`${server.url}/orders/${created.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: created.id, amount: '7.00' });
    expect((await fetch(`${server.url}/orders/${randomUUID()}`)).status).toBe(404);
    const malformed = await fetch(`${server.url}/orders/123`);
    expect(malformed.status).toBe(404);
    expect((await errorOf(malformed)).code).toBe('not_found');
  });

  it("lists a user's orders newest first", async () => {
    const userId = await knownUser();
    const ids: string[] = [];
    for (const amount of ['1.00', '2.00', '3.00']) {
      const res = await postJson(`${server.url}/orders`, { user_id: userId, amount });
      ids.push(((await res.json()) as { id: string }).id);
      await new Promise((r) => setTimeout(r, 5));
    }
    const res = await fetch(`${server.url}/orders?user_id=${userId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { orders: { id: string; amount: string }[]; next_cursor: unknown };
    expect(body.orders.map((o) => o.id)).toEqual([...ids].reverse());
    expect(body.orders.map((o) => o.amount)).toEqual(['3.00', '2.00', '1.00']);
    expect(body.next_cursor).toBeNull();

    // Two at a time: the next page starts after the last order of the first.
    const first = (await (await fetch(`${server.url}/orders?user_id=${userId}&limit=2`)).json()) as {
      orders: { id: string }[];
      next_cursor: string;
    };
    expect(first.orders.map((o) => o.id)).toEqual([ids[2], ids[1]]);
    const second = (await (
      await fetch(`${server.url}/orders?user_id=${userId}&limit=2&cursor=${first.next_cursor}`)
    ).json()) as { orders: { id: string }[]; next_cursor: unknown };
    expect(second).toEqual({ orders: [expect.objectContaining({ id: ids[0] })], next_cursor: null });
  });

  it('answers 400 for a page size over the maximum or a forged cursor', async () => {
    const userId = await knownUser();
    for (const query of ['&limit=101', '&limit=0', '&cursor=forged']) {
      const res = await fetch(`${server.url}/orders?user_id=${userId}${query}`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_failed');
    }
  });

  it('answers 400 when user_id is missing or not a UUID', async () => {
    for (const query of ['', '?user_id=nope', '?user_id=']) {
      const res = await fetch(`${server.url}/orders${query}`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_failed');
    }
  });
});

describe('user_created projection', () => {
  it('applies a newer event and ignores an older one that arrives late', async () => {
    const userId = randomUUID();
    await db.transaction((trx) =>
      onUserCreated(trx, userEvent(userId, '2026-02-01T00:00:00Z', 'Newer'), meta),
    );
    await db.transaction((trx) =>
      onUserCreated(trx, userEvent(userId, '2026-01-01T00:00:00Z', 'Older'), meta),
    );
    let row = await db('users').where({ user_id: userId }).first();
    expect(row).toMatchObject({ name: 'Newer', occurred_at: new Date('2026-02-01T00:00:00Z') });

    await db.transaction((trx) =>
      onUserCreated(trx, userEvent(userId, '2026-03-01T00:00:00Z', 'Newest'), meta),
    );
    row = await db('users').where({ user_id: userId }).first();
    expect(row).toMatchObject({ name: 'Newest', occurred_at: new Date('2026-03-01T00:00:00Z') });
  });
});
