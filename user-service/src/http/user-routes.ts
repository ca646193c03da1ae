import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import {
  HttpError,
  isUniqueViolation,
  isUuid,
  pageQuery,
  pageRequestOf,
  toPage,
  validateBody,
  validateQuery,
  type Outbox,
} from '@contract-events/runtime';
import type { Knex } from 'knex';
import { findUserById } from '../db/queries/find-user-by-id';
import { insertUser } from '../db/queries/insert-user';
import { listUserOrders } from '../db/queries/list-user-orders';
import type { UserRow } from '../db/rows';
import { buildUserCreated } from '../events/user-created';
import { createUserBody } from './user-schemas';
import { userJson, userOrderJson } from './user-responses';

/** What the user routes need. */
export interface UserRoutesDeps {
  db: Knex;
  outbox: Outbox;
}

function userNotFound(id: string | undefined): HttpError {
  return new HttpError('not_found', `User ${id ?? ''} not found`, { id });
}

/**
 * Loads the user named by the `:id` parameter. An id that is not a UUID is answered 404 like any
 * other id that names no user (it cannot name one), and never reaches PostgreSQL.
 */
async function requireUser(db: Knex, id: string | undefined): Promise<UserRow> {
  const user = isUuid(id) ? await findUserById(db, id.toLowerCase()) : undefined;
  if (!user) throw userNotFound(id);
  return user;
}

/** POST /users, GET /users/:id, GET /users/:id/orders. */
export function createUserRoutes({ db, outbox }: UserRoutesDeps): Router {
  const router = new Router();

  router.post('/users', async (ctx) => {
    const input = validateBody(createUserBody, ctx.request.body);
    const user: UserRow = { id: randomUUID(), email: input.email, name: input.name, created_at: new Date() };
    try {
      // The row and its event commit together or not at all.
      await db.transaction(async (trx) => {
        const row = await insertUser(trx, user);
        await outbox.enqueue(trx, 'user_created', buildUserCreated(row));
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_unique')) {
        throw new HttpError('conflict', 'A user with this email already exists', { email: user.email }, err);
      }
      throw err;
    }
    ctx.status = 201;
    ctx.set('Location', `/users/${user.id}`);
    ctx.body = userJson(user);
  });

  router.get('/users/:id', async (ctx) => {
    ctx.body = userJson(await requireUser(db, ctx.params.id));
  });

  router.get('/users/:id/orders', async (ctx) => {
    const query = validateQuery(pageQuery, ctx.query);
    const user = await requireUser(db, ctx.params.id);
    const page = pageRequestOf(query);
    const rows = await listUserOrders(db, user.id, page);
    const { items, nextCursor } = toPage(rows, page, (o) => ({ createdAt: o.created_at, id: o.order_id }));
    ctx.body = { orders: items.map(userOrderJson), next_cursor: nextCursor };
  });

  return router;
}
