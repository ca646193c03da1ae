import type { Logger } from 'pino';
import { retry, sleep, type BackoffPolicy } from '../retry';
import { isPermanent } from './invalid-event';

/**
 * Thrown out of a batch when the consumer stops while that batch is still being retried: its
 * offsets are not committed, so it is redelivered to whoever owns the partition next.
 */
export class ConsumerStoppedError extends Error {
  constructor() {
    super('consumer stopped while retrying; the batch will be redelivered');
    this.name = 'ConsumerStoppedError';
  }
}

/** The consumer's retries: 200 ms, doubling up to 10 s, a fifth of each delay random. */
export const consumerRetryBackoff: BackoffPolicy = { initialMs: 200, maxMs: 10_000, jitter: 0.2 };

/**
 * Retries a transient failure (database, registry or Kafka unreachable) with capped
 * exponential backoff for as long as the consumer runs: a message is never skipped because a
 * dependency was down. Permanent errors are the caller's to dead-letter, so they pass through.
 */
export async function retryTransient<T>(
  work: () => Promise<T>,
  ctx: {
    isRunning(): boolean;
    heartbeat(): Promise<void>;
    logger: Logger;
    what: string;
    maxBackoffMs?: number;
  },
): Promise<T> {
  try {
    return await retry(work, {
      isRetriable: (err) => !isPermanent(err) && ctx.isRunning(),
      policy: { ...consumerRetryBackoff, maxMs: ctx.maxBackoffMs ?? consumerRetryBackoff.maxMs },
      wait: (ms) => sleepWithHeartbeat(ms, ctx),
      onRetry: ({ err, attempt, delayMs }) =>
        ctx.logger.warn({ err, attempt, retryInMs: delayMs }, `${ctx.what} failed; retrying`),
    });
  } catch (err) {
    if (!isPermanent(err) && !ctx.isRunning()) throw new ConsumerStoppedError();
    throw err;
  }
}

/** {@link sleep} in slices of at most a second, with a heartbeat after each so the group keeps us. */
async function sleepWithHeartbeat(ms: number, ctx: { heartbeat(): Promise<void> }): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await sleep(Math.min(1000, until - Date.now()));
    // A failed heartbeat means the group is rebalancing or dropped us: give the batch back (its
    // offsets are not committed) so the consumer rejoins instead of working on a partition it lost.
    await ctx.heartbeat();
  }
}
