import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import {
  createDatabase,
  createHttpApp,
  createServiceMetrics,
  migrateDatabase,
  startHttpServer,
  type Migration,
  type Outbox,
  type RunningHttpServer,
  type TopicName,
} from '@contract-events/runtime';
import type { Knex } from 'knex';
import pino from 'pino';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/** A fresh, migrated database for one test file; `drop()` removes it. */
export async function createTestDatabase(
  migrations: Migration[],
): Promise<{ db: Knex; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = createDatabase(ADMIN_URL, { max: 1 });
  await admin.raw(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = createDatabase(url.toString());
  await migrateDatabase(db, migrations);
  return {
    db,
    async drop() {
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}

/** One recorded `outbox.enqueue` call. */
export interface EnqueueCall {
  topic: TopicName;
  event: Record<string, unknown>;
  trx: Knex.Transaction;
}

/**
 * An outbox that records calls instead of encoding events. `inspect` runs inside enqueue, with
 * the caller's transaction, so a test can see what that transaction sees at that moment.
 */
export function fakeOutbox(inspect?: (call: EnqueueCall) => Promise<void>) {
  const calls: EnqueueCall[] = [];
  const state: { failWith?: Error } = {};
  const outbox: Outbox = {
    async enqueue(trx, topic, event) {
      const call = { topic, event: event as unknown as Record<string, unknown>, trx };
      await inspect?.(call);
      if (state.failWith) throw state.failWith;
      calls.push(call);
    },
  };
  return { outbox, calls, state };
}

/** Serves `routers` with the shared HTTP kit on a random port. */
export async function serveRoutes(routers: Router[]): Promise<RunningHttpServer> {
  const app = createHttpApp({
    logger: pino({ level: 'silent' }),
    metrics: createServiceMetrics('integration-test'),
    readiness: async () => ({ ready: true, checks: {} }),
    routers,
  });
  return startHttpServer(app, { host: '127.0.0.1', port: 0 });
}

/** POSTs `body` as JSON. */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
