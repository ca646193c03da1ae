import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `isKnown` until it answers true or `waitMs` has passed, checking once more at the end.
 * Used for `Prefer: wait=N`, because a user created a moment ago reaches this service's
 * projection only when its user_created event has been consumed.
 */
export async function waitUntilKnown(
  isKnown: () => Promise<boolean>,
  waitMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await isKnown()) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(intervalMs, left));
  }
}
