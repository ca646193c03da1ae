/**
 * For testing a service's routes against the real database without Kafka: the shared HTTP kit
 * on a random port and an outbox that records what the routes enqueue.
 */
import type { Knex } from 'knex';
import pino from 'pino';
import type { TopicName } from '@contract-events/runtime/tools';
import { createHttpApp, type ApiRoute } from '@contract-events/runtime/tools';
import { startHttpServer, type RunningHttpServer } from '@contract-events/runtime/tools';
import { createServiceMetrics } from '@contract-events/runtime/tools';
import type { Outbox } from '@contract-events/runtime/tools';

/** One recorded `outbox.enqueue` call (`enqueueMany` and `writeWithEvents` record one per event). */
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
    async enqueueMany(trx, topic, events) {
      for (const event of events) await outbox.enqueue(trx, topic, event);
    },
    // The real one writes both in one statement; a transaction gives the same all-or-nothing here.
    async writeWithEvents<Row>(
      db: Knex | Knex.Transaction,
      statement: Knex.Raw | Knex.QueryBuilder,
      topic: TopicName,
      events: readonly unknown[],
    ) {
      const { sql, bindings } = statement.toSQL();
      return db.transaction(async (trx) => {
        const { rows } = await trx.raw<{ rows: Row[] }>(sql, bindings);
        if (rows.length > 0) await outbox.enqueueMany(trx, topic, events as never);
        return rows;
      });
    },
  };
  return { outbox, calls, state };
}

/** Serves `routes` with the shared HTTP kit on a random port. */
export async function serveRoutes(routes: ApiRoute[]): Promise<RunningHttpServer> {
  const app = createHttpApp({
    logger: pino({ level: 'silent' }),
    metrics: createServiceMetrics('integration-test'),
    readiness: async () => ({ ready: true, checks: {} }),
    routes,
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
