import { randomUUID } from 'node:crypto';
import {
  defineRoute,
  HttpError,
  isUniqueViolation,
  pageQuery,
  pageRequestOf,
  toPage,
  type ApiRoute,
  type Outbox,
} from '@contract-events/runtime';
import type { Knex } from 'knex';
import { findUserById } from '../db/queries/find-user-by-id';
import { insertUser } from '../db/queries/insert-user';
import { listUserOrders } from '../db/queries/list-user-orders';
import type { UserRow } from '../db/rows';
import { buildUserCreated } from '../events/user-created';
import {
  createdUserHeaders,
  createUserBody,
  userIdParams,
  userOrdersPage,
  userResponse,
} from './user-schemas';
import { userJson, userOrderJson } from './user-responses';

/** What the user routes need. */
export interface UserRoutesDeps {
  db: Knex;
  outbox: Outbox;
}

/** Loads the user named by the (already validated, lower-cased) `:id` parameter. */
async function requireUser(db: Knex, id: string): Promise<UserRow> {
  const user = await findUserById(db, id);
  if (!user) throw new HttpError('not_found', `User ${id} not found`, { id });
  return user;
}

const tags = ['users'];

/** POST /users, GET /users/:id, GET /users/:id/orders. */
export function createUserRoutes({ db, outbox }: UserRoutesDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/users',
      operationId: 'createUser',
      summary: 'Create a user; its user_created event is published through the outbox',
      tags,
      request: { body: createUserBody },
      responses: { 201: { description: 'Created', body: userResponse, headers: createdUserHeaders } },
      errors: ['conflict'],
      async handler({ body }) {
        const user: UserRow = {
          id: randomUUID(),
          email: body.email,
          name: body.name,
          created_at: new Date(),
        };
        try {
          // The row and its event are written together or not at all, in one statement.
          await outbox.writeWithEvents(db, insertUser(db, user), 'user_created', [buildUserCreated(user)]);
        } catch (err) {
          if (isUniqueViolation(err, 'users_email_unique')) {
            throw new HttpError(
              'conflict',
              'A user with this email already exists',
              { email: user.email },
              err,
            );
          }
          throw err;
        }
        return { status: 201, body: userJson(user), headers: { location: `/users/${user.id}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id',
      operationId: 'getUser',
      summary: 'One user',
      tags,
      request: { params: userIdParams },
      responses: { 200: { description: 'The user', body: userResponse } },
      async handler({ params }) {
        return { status: 200, body: userJson(await requireUser(db, params.id)) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id/orders',
      operationId: 'listUserOrders',
      summary: "A page of the user's orders, newest first (as this service has received them)",
      tags,
      request: { params: userIdParams, query: pageQuery },
      responses: { 200: { description: 'A page of orders', body: userOrdersPage } },
      async handler({ params, query }) {
        const user = await requireUser(db, params.id);
        const page = pageRequestOf(query);
        const rows = await listUserOrders(db, user.id, page);
        const { items, nextCursor } = toPage(rows, page, (o) => ({
          createdAt: o.created_at,
          id: o.order_id,
        }));
        return { status: 200, body: { orders: items.map(userOrderJson), next_cursor: nextCursor } };
      },
    }),
  ];
}
