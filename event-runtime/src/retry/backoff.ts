/**
 * The one backoff policy of the repository: capped exponential delays, with jitter so that many
 * clients recovering from the same outage do not retry in lockstep.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** How the wait between two attempts grows. */
export interface BackoffPolicy {
  /** Delay after the first failure. */
  initialMs: number;
  /** No delay is longer than this. */
  maxMs: number;
  /**
   * Fraction of each delay drawn at random (0 = none, 1 = anywhere from 0 to the delay). A fraction
   * rather than full jitter keeps a floor, so a retry never fires right after the failure.
   */
  jitter: number;
}

/** 200 ms, doubling to 5 s, a fifth of it random. */
export const defaultBackoff: BackoffPolicy = { initialMs: 200, maxMs: 5000, jitter: 0.2 };

/**
 * The delay before retry number `attempt` (1 for the first retry).
 *
 * @param random injected by tests; default `Math.random`.
 */
export function backoffDelay(
  attempt: number,
  policy: Partial<BackoffPolicy> = {},
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs, jitter } = { ...defaultBackoff, ...policy };
  // The exponent is capped so a long outage cannot overflow to Infinity.
  const exponential = initialMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  const capped = Math.min(maxMs, exponential);
  // Clamped: a jitter outside 0..1 would make a delay negative or longer than the cap.
  const fraction = Math.min(Math.max(jitter, 0), 1);
  return Math.round(capped * (1 - fraction * random()));
}

/** Resolves after `ms`; resolves early (never rejects) when `signal` aborts, so a stop is not delayed. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  await delay(ms, undefined, { signal }).catch((err: unknown) => {
    if ((err as Error).name !== 'AbortError') throw err;
  });
}
