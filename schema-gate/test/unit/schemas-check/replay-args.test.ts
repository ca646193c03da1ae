/** `--replay` and `--limit` on the command line, and the replay's report as text. */
import { parseCheckArgs } from '../../../src/schemas-check/args';
import { replayReport } from '../../../src/schemas-check/replay-report';
import { exitCodeOf } from '../../../src/schemas-check/report';
import { renderText } from '../../../src/schemas-check/render';

describe('--replay arguments', () => {
  test('a topic and an optional limit', () => {
    expect(parseCheckArgs(['--replay', 'order_created'])).toMatchObject({ replay: 'order_created' });
    expect(parseCheckArgs(['--replay=order_created', '--limit', '50'])).toMatchObject({
      replay: 'order_created',
      limit: 50,
    });
  });

  test.each([
    [['--limit', '5'], '--limit applies to --replay'],
    [['--replay', 'order_created', '--limit', '0'], '--limit takes a whole number'],
    [['--replay', 'order_created', '--limit', '2.5'], '--limit takes a whole number'],
    [['--replay', 'order_created', '--registry'], '--replay is a mode of its own'],
    [['--replay', 'order_created', '--against', 'main'], '--replay is a mode of its own'],
    [['--replay'], '--replay needs a value'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseCheckArgs(argv)).toThrow(message);
  });
});

describe('the replay report', () => {
  const failure = (offset: string) => ({
    partition: 1,
    offset,
    code: 'SCHEMA_RESOLUTION_FAILED',
    message: 'Schema id 7 cannot be read as order_created',
  });

  test('failures make it incompatible, listed with partition and offset, the rest counted', () => {
    const report = replayReport('schemas/order_created.avsc', 'order_created', {
      read: 5,
      failed: 3,
      tombstones: 0,
      schemaIds: new Set([4]),
      failures: [failure('10'), failure('11')],
    });
    expect(exitCodeOf([report])).toBe(1);
    expect(renderText([report])).toEqual([
      '[replay] schemas/order_created.avsc (order_created): read 5 retained event(s) from Kafka topic order_created, 3 failed to decode',
      '[replay] schemas/order_created.avsc (order_created): partition 1 offset 10: SCHEMA_RESOLUTION_FAILED: Schema id 7 cannot be read as order_created',
      '[replay] schemas/order_created.avsc (order_created): partition 1 offset 11: SCHEMA_RESOLUTION_FAILED: Schema id 7 cannot be read as order_created',
      '[replay] schemas/order_created.avsc (order_created): ... and 1 more failure(s)',
      'schemas:check: 1 incompatible schema(s)',
    ]);
  });

  test('every event decoded: compatible, naming the writer schema ids', () => {
    const report = replayReport('schemas/user_created.avsc', 'user_created', {
      read: 3,
      failed: 0,
      tombstones: 1,
      schemaIds: new Set([9, 2]),
      failures: [],
    });
    expect(exitCodeOf([report])).toBe(0);
    expect(renderText([report])).toContain(
      'ok [replay] schemas/user_created.avsc (user_created): compatible against 3 retained event(s) written with schema id(s) 2, 9',
    );
    expect(renderText([report])[0]).toContain('1 tombstone(s) skipped, 0 failed to decode');
  });
});
