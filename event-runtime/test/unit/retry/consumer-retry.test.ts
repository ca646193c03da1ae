import pino from 'pino';
import { InvalidEventError } from '../../../src/consumer/invalid-event';
import { ConsumerStoppedError, retryTransient } from '../../../src/consumer/retry';

const logger = pino({ level: 'silent' });

function context(running = true) {
  const ctx = {
    beats: 0,
    isRunning: () => running,
    heartbeat: async () => {
      ctx.beats += 1;
    },
    logger,
    what: 'test work',
  };
  return ctx;
}

describe('retryTransient (the consumer)', () => {
  it('retries a transient failure, heartbeating while it waits', async () => {
    const ctx = context();
    let calls = 0;
    const result = await retryTransient(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database unreachable');
      return 'done';
    }, ctx);
    expect({ result, calls }).toEqual({ result: 'done', calls: 2 });
    expect(ctx.beats).toBeGreaterThan(0);
  });

  it('lets a permanent error through at once, for the dead-letter topic', async () => {
    const refusal = new InvalidEventError('never');
    let calls = 0;
    const work = async () => {
      calls += 1;
      throw refusal;
    };
    await expect(retryTransient(work, context())).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });

  it('gives the batch back when the consumer stops', async () => {
    await expect(
      retryTransient(async () => {
        throw new Error('database unreachable');
      }, context(false)),
    ).rejects.toBeInstanceOf(ConsumerStoppedError);
  });
});
