import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import {
  HttpError,
  isUuid,
  pageRequestOf,
  toPage,
  validateBody,
  validateQuery,
  type Outbox,
} from '@contract-events/runtime';
import type { Knex } from 'knex';
import { findOrderById } from '../db/queries/find-order-by-id';
import { insertOrder } from '../db/queries/insert-order';
import { isUserKnown } from '../db/queries/is-user-known';
import { listOrdersByUser } from '../db/queries/list-orders-by-user';
import type { OrderRow } from '../db/rows';
import { buildOrderCreated } from '../events/order-created';
import { createOrderBody, listOrdersQuery } from './order-schemas';
import { orderJson } from './order-responses';
import { unknownUser } from './order-errors';
import { parsePreferWait } from './prefer-header';
import { waitUntilKnown } from './wait-for-user';

/** What the order routes need. */
export interface OrderRoutesDeps {
  db: Knex;
  outbox: Outbox;
  /** Currency of an order that names none. */
  defaultCurrency: string;
  /** Cap on `Prefer: wait=N`, however large N is. */
  projectionWaitMaxMs: number;
  /** How often the projection is polled while waiting. Default 50 ms. */
  pollIntervalMs?: number;
}

/** POST /orders, GET /orders/:id, GET /orders?user_id=. */
export function createOrderRoutes(deps: OrderRoutesDeps): Router {
  const { db, outbox, defaultCurrency, projectionWaitMaxMs, pollIntervalMs = 50 } = deps;
  const router = new Router();

  router.post('/orders', async (ctx) => {
    const input = validateBody(createOrderBody, ctx.request.body);
    const waitSeconds = parsePreferWait(ctx.req.headers.prefer);
    const waitMs = Math.min((waitSeconds ?? 0) * 1000, projectionWaitMaxMs);
    const known = await waitUntilKnown(() => isUserKnown(db, input.user_id), waitMs, pollIntervalMs);
    if (!known) {
      throw unknownUser(
        `User ${input.user_id} is not known to the order service yet. Users reach it through ` +
          'user_created events, so a user created a moment ago may not have arrived: retry, or send ' +
          '"Prefer: wait=N" to wait up to N seconds.',
        { user_id: input.user_id, waited_ms: waitMs },
      );
    }
    const order: OrderRow = {
      id: randomUUID(),
      user_id: input.user_id,
      amount: input.amount,
      currency: input.currency ?? defaultCurrency,
      created_at: new Date(),
    };
    // The order and its event commit together or not at all.
    const row = await db.transaction(async (trx) => {
      const inserted = await insertOrder(trx, order);
      await outbox.enqueue(trx, 'order_created', buildOrderCreated(inserted));
      return inserted;
    });
    ctx.status = 201;
    ctx.set('Location', `/orders/${row.id}`);
    ctx.body = orderJson(row);
  });

  router.get('/orders', async (ctx) => {
    const query = validateQuery(listOrdersQuery, ctx.query);
    const page = pageRequestOf(query);
    const rows = await listOrdersByUser(db, query.user_id, page);
    const { items, nextCursor } = toPage(rows, page, (o) => ({ createdAt: o.created_at, id: o.id }));
    ctx.body = { orders: items.map(orderJson), next_cursor: nextCursor };
  });

  router.get('/orders/:id', async (ctx) => {
    const { id } = ctx.params;
    // A malformed id names no order: 404 like any unknown id, and it never reaches PostgreSQL.
    const order = isUuid(id) ? await findOrderById(db, id.toLowerCase()) : undefined;
    if (!order) throw new HttpError('not_found', `Order ${id ?? ''} not found`, { id });
    ctx.body = orderJson(order);
  });

  return router;
}
