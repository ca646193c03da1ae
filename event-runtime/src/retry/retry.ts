/**
 * The one retry loop of the repository: run an operation again after a failure a retry can cure,
 * waiting {@link backoffDelay} between attempts. What counts as curable is the caller's to say.
 */
import { backoffDelay, sleep, type BackoffPolicy } from './backoff';

/** Options of {@link retry}. */
export interface RetryOptions {
  /** True when another attempt may succeed; a false answer throws the error at once. */
  isRetriable(err: unknown): boolean;
  /** Told of each failure about to be retried, e.g. to log it once. */
  onRetry?(failure: { err: unknown; attempt: number; delayMs: number }): void;
  policy?: Partial<BackoffPolicy>;
  /** Aborting ends the retries: the last error is thrown (a stop never waits out a backoff). */
  signal?: AbortSignal;
  /** How to wait between attempts; default {@link sleep}. The consumer heartbeats while it waits. */
  wait?(ms: number): Promise<void>;
}

/**
 * Runs `work` until it succeeds, retrying for as long as the error is retriable and the signal has not
 * aborted. There is no attempt limit: the callers (startup, the consumer) would rather wait for a
 * dependency than give up on it, and they can always be stopped.
 *
 * @throws the first non-retriable error, or the last error once `signal` aborted.
 */
export async function retry<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.wait ?? ((ms: number) => sleep(ms, options.signal));
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (options.signal?.aborted || !options.isRetriable(err)) throw err;
      const delayMs = backoffDelay(attempt, options.policy);
      options.onRetry?.({ err, attempt, delayMs });
      await wait(delayMs);
      if (options.signal?.aborted) throw err;
    }
  }
}
