/**
 * A steady stream of writes through the REST APIs: each worker creates a user, then two orders for it
 * (`Prefer: wait` lets the order service learn the user first). Failures are expected while a fault is
 * on and are only counted: what was committed is read from the databases afterwards, because a request
 * cut by a crash may have committed without its answer arriving.
 */
import { randomSuffix } from '../../support/stack-env';
import { setTimeout as sleep } from 'node:timers/promises';
import { http } from '../../e2e/support/system';

export interface LoadStats {
  requests: number;
  /** Requests that got no 2xx answer (refused, 503 while starting, cut by a crash). */
  failed: number;
  /** The failed ones by answer: `422 unknown_user`, `503 database_unavailable`, `no answer`. */
  failures: Record<string, number>;
}

export interface Load {
  /** The figures so far (live). */
  readonly stats: LoadStats;
  stop(): Promise<LoadStats>;
}

/**
 * @param pauseMs - a worker's pause after each user and its orders: 0 is as fast as the system answers,
 *   more makes a moderate load (the soak).
 * @param waitForUserSeconds - each order's `Prefer: wait=N`: how long the order service may wait for
 *   the user it names to reach its projection (it caps N at PROJECTION_WAIT_MAX_MS).
 */
export function startLoad(
  urls: { users: () => string; orders: () => string },
  workers = 4,
  { pauseMs = 0, waitForUserSeconds = 5 }: { pauseMs?: number; waitForUserSeconds?: number } = {},
): Load {
  const stats: LoadStats = { requests: 0, failed: 0, failures: {} };
  let running = true;
  const attempt = async (method: string, url: string, body: unknown, headers?: Record<string, string>) => {
    stats.requests += 1;
    const res = await http(method, url, body, headers).catch(() => undefined);
    if (!res || res.status >= 300) {
      stats.failed += 1;
      const answer = res ? `${res.status} ${res.body?.error?.code ?? ''}`.trim() : 'no answer';
      stats.failures[answer] = (stats.failures[answer] ?? 0) + 1;
    }
    return res;
  };
  const worker = async () => {
    while (running) {
      const user = await attempt('POST', `${urls.users()}/users`, {
        email: `fault-${randomSuffix()}@example.com`,
        name: 'Fault Test',
      });
      if (user?.status === 201) {
        for (let i = 0; i < 2 && running; i++) {
          await attempt(
            'POST',
            `${urls.orders()}/orders`,
            { user_id: user.body.id, amount: `${i + 1}.50` },
            { prefer: `wait=${waitForUserSeconds}` },
          );
        }
        if (pauseMs > 0 && running) await sleep(pauseMs);
      } else {
        await sleep(100);
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return {
    stats,
    async stop() {
      running = false;
      await done;
      return stats;
    },
  };
}
