import { backoffDelay, pollUntil, PollAbandonedError, PollTimeoutError } from '../../../src/retry';

describe('backoffDelay', () => {
  const noJitter = { initialMs: 100, maxMs: 1000, jitter: 0 };

  it('doubles from the initial delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, noJitter))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('stays finite after a very long outage', () => {
    expect(backoffDelay(10_000, noJitter)).toBe(1000);
  });

  it('takes at most the jitter fraction off, never more', () => {
    const policy = { initialMs: 1000, maxMs: 1000, jitter: 0.2 };
    expect(backoffDelay(1, policy, () => 0)).toBe(1000);
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(800);
  });
});

describe('pollUntil', () => {
  it('returns the first truthy answer', async () => {
    let calls = 0;
    const value = await pollUntil(() => (++calls >= 3 ? 'ready' : undefined), {
      timeoutMs: 5000,
      intervalMs: 1,
    });
    expect({ value, calls }).toEqual({ value: 'ready', calls: 3 });
  });

  it('asks once even with no time at all', async () => {
    await expect(pollUntil(() => 42, { timeoutMs: 0 })).resolves.toBe(42);
  });

  it('times out naming what it waited for and the last error', async () => {
    const err = await pollUntil(
      () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 30, intervalMs: 5, what: 'Kafka', retryOnError: true },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PollTimeoutError);
    expect((err as Error).message).toBe('Kafka not reached within 30 ms (last error: connection refused)');
  });

  it('lets a probe error end the wait unless told to retry', async () => {
    const boom = new Error('boom');
    await expect(
      pollUntil(
        () => {
          throw boom;
        },
        { timeoutMs: 1000 },
      ),
    ).rejects.toBe(boom);
  });

  it('stops at once when the awaited process is gone', async () => {
    await expect(
      pollUntil(() => false, { timeoutMs: 10_000, what: 'Kafka', alive: () => false }),
    ).rejects.toBeInstanceOf(PollAbandonedError);
  });
});
