/**
 * The one polling loop of the repository: ask until the answer is there or the time is up. Used by
 * the stack's readiness waits, the order service's `Prefer: wait`, and the tests.
 */
import { sleep } from './backoff';

/** Options of {@link pollUntil}. */
export interface PollOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Pause between two probes; default 100 ms. */
  intervalMs?: number;
  /** What is awaited, for the timeout message, e.g. `Kafka (127.0.0.1:9092)`. */
  what?: string;
  /** Checked after each failed probe: false stops the wait at once (the process being awaited died). */
  alive?: () => boolean;
  /**
   * True: a probe that throws counts as "not yet" (a component still starting refuses connections),
   * and its error is kept for the timeout message. False (default): the error ends the wait.
   */
  retryOnError?: boolean;
}

/** A {@link pollUntil} that ran out of time; carries the last error a probe threw, if any. */
export class PollTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastError?: unknown,
  ) {
    const last = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
    super(`${what} not reached within ${formatDuration(timeoutMs)}${last}`);
    this.name = 'PollTimeoutError';
  }
}

/** A {@link pollUntil} stopped because `alive()` said the awaited thing is gone. */
export class PollAbandonedError extends Error {
  constructor(readonly what: string) {
    super(`${what}: gave up waiting, it is no longer running`);
    this.name = 'PollAbandonedError';
  }
}

/**
 * Calls `probe` until it returns something truthy, and returns that. The probe is always asked at
 * least once, so a wait of 0 is a single check.
 *
 * @throws PollTimeoutError when the time is up; PollAbandonedError when `alive()` turned false.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: PollOptions,
): Promise<T> {
  const intervalMs = options.intervalMs ?? 100;
  const what = options.what ?? 'condition';
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      if (!options.retryOnError) throw err;
      lastError = err;
    }
    if (options.alive && !options.alive()) throw new PollAbandonedError(what);
    const left = deadline - Date.now();
    if (left <= 0) throw new PollTimeoutError(what, options.timeoutMs, lastError);
    await sleep(Math.min(intervalMs, left));
  }
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${ms} ms`;
}
