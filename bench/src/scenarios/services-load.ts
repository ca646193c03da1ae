/** HTTP load with autocannon, and resident memory sampled while it runs. */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

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
  /** Requests per second over all connections; unset: as fast as answered. */
  overallRate?: number;
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
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
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
