import { randomUUID } from 'node:crypto';
import type { RunningHttpServer } from '@contract-events/runtime';
import type { Knex } from 'knex';
import { migrations, userServiceMigrations } from '../../src/db/migrations';
import { onOrderCreated } from '../../src/events/on-order-created';
import { createUserRoutes } from '../../src/http/user-routes';
import { fakeOutbox, postJson, serveRoutes, type EnqueueCall } from '../../../test/support/route-harness';
import { createTestDatabase } from '../../../test/support/test-database';

let db: Knex;
let drop: () => Promise<void>;
let server: RunningHttpServer;
const seenInside: { insideTrx: boolean; outsideTrx: boolean }[] = [];
const fake = fakeOutbox(async (call: EnqueueCall) => {
  const id = call.event.user_id as string;
  seenInside.push({
    insideTrx: (await call.trx('users').where({ id }).first()) !== undefined,
    outsideTrx: (await db('users').where({ id }).first()) !== undefined,
  });
});

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase(migrations));
  server = await serveRoutes(createUserRoutes({ db, outbox: fake.outbox }));
});

afterAll(async () => {
  await server?.close();
  await drop?.();
});

beforeEach(() => {
  fake.calls.length = 0;
  seenInside.length = 0;
  delete fake.state.failWith;
});

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe('POST /users', () => {
  it('creates the user and enqueues user_created in the same transaction', async () => {
    const res = await postJson(`${server.url}/users`, { email: '  Ann@Example.COM ', name: ' Ann ' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; email: string; name: string; created_at: string };
    expect(body).toEqual({
      id: expect.any(String),
      email: 'ann@example.com',
      name: 'Ann',
      created_at: expect.any(String),
    });
    expect(res.headers.get('location')).toBe(`/users/${body.id}`);

    const row = await db('users').where({ id: body.id }).first();
    expect(row).toMatchObject({ email: 'ann@example.com', name: 'Ann' });
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call?.topic).toBe('user_created');
    expect(call?.event).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurred_at: new Date(body.created_at),
      user_id: body.id,
      email: 'ann@example.com',
      name: 'Ann',
    });
    // The row exists inside the enqueue's transaction and is not yet visible outside it.
    expect(seenInside).toEqual([{ insideTrx: true, outsideTrx: false }]);
  });

  it('answers 409 conflict for an email already taken, however it is written', async () => {
    const first = await postJson(`${server.url}/users`, { email: 'dup@example.com', name: 'One' });
    expect(first.status).toBe(201);
    const second = await postJson(`${server.url}/users`, { email: ' DUP@example.com', name: 'Two' });
    expect(second.status).toBe(409);
    expect(await errorCode(second)).toBe('conflict');
    expect(await db('users').where({ email: 'dup@example.com' })).toHaveLength(1);
    expect(fake.calls).toHaveLength(1);
  });

  it('creates only one user when the same email is posted concurrently', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => postJson(`${server.url}/users`, { email: 'race@example.com', name: 'R' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await db('users').where({ email: 'race@example.com' })).toHaveLength(1);
  });

  it('rolls the user back when enqueueing the event fails, answering 500 internal_error', async () => {
    fake.state.failWith = new Error('registry down: secret detail');
    const res = await postJson(`${server.url}/users`, { email: 'rollback@example.com', name: 'Rolled' });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('internal_error');
    expect(body.error.message).not.toContain('secret');
    expect(await db('users').where({ email: 'rollback@example.com' })).toHaveLength(0);
  });

  it('answers 400 validation_failed naming bad and unknown fields', async () => {
    const res = await postJson(`${server.url}/users`, { email: 'not-an-email', name: '  ', admin: true });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { fields: { path: string }[] } } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.fields.map((f) => f.path).sort()).toEqual(['admin', 'email', 'name']);
    expect(fake.calls).toHaveLength(0);
  });
});

describe('GET /users/:id', () => {
  it('returns a user, 404 for an unknown id and 404 for an id that is not a UUID', async () => {
    const created = (await (
      await postJson(`${server.url}/users`, { email: 'get@example.com', name: 'Get' })
    ).json()) as { id: string };
    const res = await fetch(`${server.url}/users/${created.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: created.id, email: 'get@example.com', name: 'Get' });

    const unknown = await fetch(`${server.url}/users/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe('not_found');
    const malformed = await fetch(`${server.url}/users/not-a-uuid`);
    expect(malformed.status).toBe(404);
    expect(await errorCode(malformed)).toBe('not_found');
  });
});

describe('order_created handler and GET /users/:id/orders', () => {
  function orderEvent(userId: string, occurredAt: string, amount: string) {
    return {
      event_id: randomUUID(),
      occurred_at: new Date(occurredAt),
      order_id: randomUUID(),
      user_id: userId,
      amount,
      currency: 'EUR',
    };
  }
  const meta = { topic: 'order_created', partition: 0, offset: '0', key: null };

  it('lists the orders learned from events newest first, amounts as strings with 2 places', async () => {
    const user = (await (
      await postJson(`${server.url}/users`, { email: 'orders@example.com', name: 'O' })
    ).json()) as { id: string };
    const older = orderEvent(user.id, '2026-01-01T10:00:00.000Z', '12.5');
    const newer = orderEvent(user.id, '2026-01-02T10:00:00.000Z', '7.00');
    await db.transaction((trx) => onOrderCreated(trx, older, meta));
    await db.transaction((trx) => onOrderCreated(trx, newer, meta));
    // A redelivered event changes nothing.
    await db.transaction((trx) => onOrderCreated(trx, { ...older, event_id: randomUUID() }, meta));

    const res = await fetch(`${server.url}/users/${user.id}/orders`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      orders: [
        {
          id: newer.order_id,
          user_id: user.id,
          amount: '7.00',
          currency: 'EUR',
          created_at: '2026-01-02T10:00:00.000Z',
        },
        {
          id: older.order_id,
          user_id: user.id,
          amount: '12.50',
          currency: 'EUR',
          created_at: '2026-01-01T10:00:00.000Z',
        },
      ],
      next_cursor: null,
    });
  });

  it('pages the orders with limit and cursor, same timestamps included, each order once', async () => {
    const user = (await (
      await postJson(`${server.url}/users`, { email: 'pages@example.com', name: 'P' })
    ).json()) as { id: string };
    // Five orders, three sharing one timestamp: the id breaks the tie, so none is skipped or repeated.
    const times = [
      '2026-02-01T00:00:00.000Z',
      '2026-02-02T00:00:00.000Z',
      ...Array(3).fill('2026-02-03T00:00:00.000Z'),
    ];
    for (const time of times) {
      await db.transaction((trx) => onOrderCreated(trx, orderEvent(user.id, time, '1.00'), meta));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await fetch(`${server.url}/users/${user.id}/orders${query}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { orders: { id: string }[]; next_cursor: string | null };
      expect(body.orders.length).toBeLessThanOrEqual(2);
      seen.push(...body.orders.map((o) => o.id));
      cursor = body.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    const all = (
      await db('user_orders')
        .where({ user_id: user.id })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'order_id', order: 'desc' },
        ])
    ).map((r: { order_id: string }) => r.order_id);
    expect(seen).toEqual(all);
  });

  it('answers 400 validation_failed for a limit out of range or a cursor it did not make', async () => {
    const user = (await (
      await postJson(`${server.url}/users`, { email: 'badpage@example.com', name: 'B' })
    ).json()) as { id: string };
    for (const query of ['?limit=0', '?limit=101', '?limit=x', '?cursor=forged']) {
      const res = await fetch(`${server.url}/users/${user.id}/orders${query}`);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('validation_failed');
    }
  });

  it('stores an order for a user it does not have, but answers 404 for that user', async () => {
    const stranger = randomUUID();
    await db.transaction((trx) =>
      onOrderCreated(trx, orderEvent(stranger, '2026-01-03T00:00:00Z', '1.00'), meta),
    );
    expect(await db('user_orders').where({ user_id: stranger })).toHaveLength(1);
    const res = await fetch(`${server.url}/users/${stranger}/orders`);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('not_found');
  });
});

describe('migrations', () => {
  it('lists the service tables after the runtime ones', () => {
    expect(migrations.slice(-userServiceMigrations.length)).toEqual(userServiceMigrations);
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
  });
});
