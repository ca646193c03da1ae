import { randomUUID } from 'node:crypto';
import {
  defineRoute,
  HttpError,
  pageRequestOf,
  toPage,
  type ApiRoute,
  type Outbox,
} from '@contract-events/runtime';
import type { Knex } from 'knex';
import { findOrderById } from '../db/queries/find-order-by-id';
import { insertOrderForKnownUser } from '../db/queries/insert-order';
import { isUserKnown } from '../db/queries/is-user-known';
import { listOrdersByUser } from '../db/queries/list-orders-by-user';
import type { OrderRow } from '../db/rows';
import { buildOrderCreated } from '../events/order-created';
import {
  createdOrderHeaders,
  createOrderBody,
  createOrderHeaders,
  listOrdersQuery,
  orderIdParams,
  orderResponse,
  ordersPage,
} from './order-schemas';
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

const tags = ['orders'];

/** POST /orders, GET /orders/:id, GET /orders?user_id=. */
export function createOrderRoutes(deps: OrderRoutesDeps): ApiRoute[] {
  const { db, outbox, defaultCurrency, projectionWaitMaxMs, pollIntervalMs = 50 } = deps;

  return [
    defineRoute({
      method: 'post',
      path: '/orders',
      operationId: 'createOrder',
      summary: 'Place an order for a user this service knows; its order_created event is published',
      tags,
      request: { body: createOrderBody, headers: createOrderHeaders },
      responses: { 201: { description: 'Created', body: orderResponse, headers: createdOrderHeaders } },
      errors: [unknownUser],
      async handler({ body, headers }) {
        const waitSeconds = parsePreferWait(headers.prefer);
        const waitMs = Math.min((waitSeconds ?? 0) * 1000, projectionWaitMaxMs);
        const order: OrderRow = {
          id: randomUUID(),
          user_id: body.user_id,
          amount: body.amount,
          currency: body.currency ?? defaultCurrency,
          created_at: new Date(),
        };
        // The order and its event are written together or not at all, in one statement that also
        // checks the user: the common case is one round trip.
        const place = () =>
          outbox.writeWithEvents<OrderRow, 'order_created'>(
            db,
            insertOrderForKnownUser(db, order),
            'order_created',
            [buildOrderCreated(order)],
          );
        let [row] = await place();
        if (
          !row &&
          waitMs > 0 &&
          (await waitUntilKnown(() => isUserKnown(db, body.user_id), waitMs, pollIntervalMs))
        ) {
          [row] = await place();
        }
        if (!row) {
          throw unknownUser(
            `User ${body.user_id} is not known to the order service yet. Users reach it through ` +
              'user_created events, so a user created a moment ago may not have arrived: retry, or send ' +
              '"Prefer: wait=N" to wait up to N seconds.',
            { user_id: body.user_id, waited_ms: waitMs },
          );
        }
        return { status: 201, body: orderJson(row), headers: { location: `/orders/${row.id}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders',
      operationId: 'listOrders',
      summary: "A page of a user's orders, newest first",
      tags,
      request: { query: listOrdersQuery },
      responses: { 200: { description: 'A page of orders', body: ordersPage } },
      async handler({ query }) {
        const page = pageRequestOf(query);
        const rows = await listOrdersByUser(db, query.user_id, page);
        const { items, nextCursor } = toPage(rows, page, (o) => ({ createdAt: o.created_at, id: o.id }));
        return { status: 200, body: { orders: items.map(orderJson), next_cursor: nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:id',
      operationId: 'getOrder',
      summary: 'One order',
      tags,
      request: { params: orderIdParams },
      responses: { 200: { description: 'The order', body: orderResponse } },
      async handler({ params }) {
        const order = await findOrderById(db, params.id);
        if (!order) throw new HttpError('not_found', `Order ${params.id} not found`, { id: params.id });
        return { status: 200, body: orderJson(order) };
      },
    }),
  ];
}
