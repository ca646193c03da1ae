/** HTTP load: flat out with autocannon, or at an even pace; resident memory sampled while it runs. */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { Knex } from 'knex';
import { Pool } from 'undici';
import { percentile } from '../lib/stats';

export interface HttpLoad {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx, plus connection errors and timeouts. */
  failed: number;
  ok: number;
}

export interface LoadOptions {
  url: string;
  path: '/users' | '/orders';
  seconds: number;
  connections: number;
  /** user ids for /orders. */
  userIds?: readonly string[];
}

/** A fresh body per request: a unique email for /users, one of the known users for /orders. */
export function bodyFor(path: LoadOptions['path'], userIds: readonly string[] = [], i = 0): string {
  if (path === '/users')
    return JSON.stringify({ email: `bench-${randomUUID()}@example.com`, name: 'Bench User' });
  return JSON.stringify({ user_id: userIds[i % userIds.length], amount: `${(i % 900) + 1}.25` });
}

export async function httpLoad(options: LoadOptions): Promise<HttpLoad> {
  let i = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodyFor(options.path, options.userIds, (i += 1)) }),
      },
    ],
  });
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    ok: result['2xx'],
  };
}

export interface PacedOptions {
  url: string;
  path: LoadOptions['path'];
  seconds: number;
  /** Requests per second, one every 1000/rate ms. */
  rate: number;
  userIds?: readonly string[];
}

/**
 * Requests at an even pace, one every 1000/rate ms whether or not the earlier ones have been
 * answered (an open loop: a slow answer does not slow the offered load). Our own because
 * autocannon's rate limit sends each connection's share of a second back to back and then waits for
 * the next second: "half the sustainable rate" arrived as bursts at the full rate, and the
 * propagation measured was a saturated system's. loadtest paces evenly but brings a websocket
 * client and a 2018 proxy agent along for it.
 */
export async function pacedLoad(options: PacedOptions): Promise<HttpLoad> {
  const pool = new Pool(options.url, { connections: 64 });
  const total = Math.max(1, Math.round(options.seconds * options.rate));
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / options.rate - performance.now();
    if (wait >= 1) await sleep(wait);
    const sent = performance.now();
    const request: Promise<void> = pool
      .request({
        method: 'POST',
        path: options.path,
        headers: { 'content-type': 'application/json' },
        body: bodyFor(options.path, options.userIds, i + 1),
      })
      .then(
        async (res) => {
          await res.body.dump();
          latencies.push(performance.now() - sent);
          if (res.statusCode >= 200 && res.statusCode < 300) ok += 1;
          else failed += 1;
        },
        () => {
          failed += 1;
        },
      )
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return {
    requestsPerSec: ok / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failed,
    ok,
  };
}

/** Samples `read()` every 250 ms until stopped; returns the largest value seen. */
export function sampleMax(read: () => number): { stop(): number } {
  let max = read();
  const timer = setInterval(() => {
    const v = read();
    if (v > max) max = v;
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, read());
    },
  };
}

/**
 * `select 1` every 20 ms on `db` until stopped, each round trip timed: what one hop costs on this
 * machine under the load running beside it (its CPUs shared by the services, PostgreSQL, Kafka and
 * the load generator). A propagation is several such hops in a row.
 */
export function roundTripProbe(db: Knex): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await db.raw('select 1');
      latencies.push(performance.now() - started);
      await sleep(20);
    }
  })();
  // A failed probe ends the probing, not the bench: stop() returns what was measured until then.
  const settled = loop.catch(() => undefined);
  return {
    async stop() {
      running = false;
      await settled;
      return latencies;
    },
  };
}
