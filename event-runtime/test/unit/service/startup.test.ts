import pino from 'pino';
import { ConfigError, RegistryError } from '../../../src/errors';
import { createStartup, isTransient } from '../../../src/service/startup';

const fast = { initialMs: 1, maxMs: 2, jitter: 0 };

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

describe('isTransient', () => {
  it('waits for a dependency that is down, never for a mistake', () => {
    expect(isTransient(new RegistryError('down', 'REGISTRY_UNAVAILABLE'))).toBe(true);
    expect(isTransient(new RegistryError('no such subject', 'SCHEMA_NOT_REGISTERED'))).toBe(false);
    expect(isTransient(new ConfigError('bad'))).toBe(false);
    expect(isTransient(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(
      isTransient(Object.assign(new Error('the database system is starting up'), { code: '57P03' })),
    ).toBe(true);
    expect(isTransient(Object.assign(new Error('sorry, too many clients already'), { code: '53300' }))).toBe(
      true,
    );
    expect(isTransient(Object.assign(new Error('password authentication failed'), { code: '28P01' }))).toBe(
      false,
    );
    expect(isTransient(new TypeError('a bug'))).toBe(false);
  });
});

describe('createStartup', () => {
  it('retries a step while its dependency is down, logging each attempt once with the dependency', async () => {
    const { logger, lines } = recordingLogger();
    const startup = createStartup(logger, fast);
    let calls = 0;
    const value = await startup.step('the schema registry', 'look up the schema ids', async () => {
      calls += 1;
      if (calls < 3) throw new RegistryError('registry unreachable', 'REGISTRY_UNAVAILABLE');
      return 'ids';
    });
    expect({ value, calls }).toEqual({ value: 'ids', calls: 3 });
    expect(lines.map((l) => [l.msg, l.dependency, l.attempt])).toEqual([
      ['the schema registry not available to look up the schema ids; retrying', 'the schema registry', 1],
      ['the schema registry not available to look up the schema ids; retrying', 'the schema registry', 2],
    ]);
  });

  it('stops at the first permanent error', async () => {
    const startup = createStartup(recordingLogger().logger, fast);
    const refused = new RegistryError('subject orders-value has no such schema', 'SCHEMA_NOT_REGISTERED');
    let calls = 0;
    await expect(
      startup.step('the schema registry', 'look up the schema ids', async () => {
        calls += 1;
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('says what it waits for, and an abort ends the wait with the last error', async () => {
    const startup = createStartup(recordingLogger().logger, { initialMs: 60_000, maxMs: 60_000, jitter: 0 });
    const down = new RegistryError('registry unreachable', 'REGISTRY_UNAVAILABLE');
    const step = startup.step('Kafka', 'connect the producer', async () => {
      throw down;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(startup.status()).toBe(
      'starting: waiting for Kafka to connect the producer (attempt 1: registry unreachable)',
    );
    startup.abort();
    await expect(step).rejects.toBe(down);
    await expect(startup.step('Kafka', 'connect again', async () => 1)).rejects.toThrow(/start-up stopped/);
  });
});
