/**
 * A steady trickle of users and orders through the REST APIs, for tests that change the running
 * services underneath it. Each order taken (201) is kept with the phase the test was in when its
 * request started, so the test can say which build of the services made it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomSuffix } from '../../support/stack-env';
import { eventually, http } from './system';

export interface FlowOrder {
  id: string;
  phase: string;
}

export interface OrderFlow {
  /** Orders taken so far (live). */
  readonly orders: readonly FlowOrder[];
  /** Requests that got no 2xx (a rebalance making `Prefer: wait` run out, a refused connection). */
  readonly failed: number;
  /** Waits until at least `count` orders were taken in `phase`. */
  ordersIn(phase: string, count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `workers` loops: create a user, then two orders for it (`Prefer: wait` lets the order service
 * learn the user first), pause. `urls` and `phase` are read at each request, so the test can move the
 * traffic to a new instance and name the phase while the flow runs.
 */
export function startOrderFlow(
  urls: { users: () => string; orders: () => string },
  phase: () => string,
  { workers = 2, pauseMs = 200 }: { workers?: number; pauseMs?: number } = {},
): OrderFlow {
  const orders: FlowOrder[] = [];
  let failed = 0;
  let running = true;
  const attempt = async (method: string, url: string, body: unknown, headers?: Record<string, string>) => {
    const res = await http(method, url, body, headers).catch(() => undefined);
    if (!res || res.status >= 300) failed += 1;
    return res;
  };
  const worker = async () => {
    while (running) {
      const user = await attempt('POST', `${urls.users()}/users`, {
        email: `live-${randomSuffix()}@example.com`,
        name: 'Live Change',
      });
      for (let i = 0; user?.status === 201 && i < 2 && running; i++) {
        const started = phase();
        const order = await attempt(
          'POST',
          `${urls.orders()}/orders`,
          { user_id: user.body.id, amount: `${i + 1}.25` },
          { prefer: 'wait=10' },
        );
        if (order?.status === 201) orders.push({ id: order.body.id as string, phase: started });
      }
      await sleep(pauseMs);
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return {
    orders,
    get failed() {
      return failed;
    },
    async ordersIn(name, count, timeoutMs = 180_000) {
      await eventually(async () => orders.filter((o) => o.phase === name).length >= count, timeoutMs);
    },
    async stop() {
      running = false;
      await done;
    },
  };
}
