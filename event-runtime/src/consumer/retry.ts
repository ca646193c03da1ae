import type { Logger } from 'pino';
import { isPermanent } from './invalid-event';

export class ConsumerStoppedError extends Error {
  constructor() {
    super('consumer stopped while retrying; the batch will be redelivered');
    this.name = 'ConsumerStoppedError';
  }
}

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
  const max = ctx.maxBackoffMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (isPermanent(err)) throw err;
      if (!ctx.isRunning()) throw new ConsumerStoppedError();
      const delay = Math.min(max, 100 * 2 ** Math.min(attempt, 10));
      ctx.logger.warn({ err, attempt, retryInMs: delay }, `${ctx.what} failed; retrying`);
      await sleepWithHeartbeat(delay, ctx);
    }
  }
}

async function sleepWithHeartbeat(ms: number, ctx: { heartbeat(): Promise<void> }): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())));
    // A failed heartbeat means the group is rebalancing or dropped us: give the batch back (its
    // offsets are not committed) so the consumer rejoins instead of working on a partition it lost.
    await ctx.heartbeat();
  }
}
