import { pollUntil, PollTimeoutError } from '@contract-events/runtime';

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
  try {
    return await pollUntil(isKnown, { timeoutMs: waitMs, intervalMs, what: 'the user in the projection' });
  } catch (err) {
    if (err instanceof PollTimeoutError) return false;
    throw err;
  }
}
