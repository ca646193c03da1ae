/** `npm run inspect`'s command line: what each option becomes, and a sentence for each bad one. */
import { parseInspectArgs, parseStart } from '../../../src/cli/inspect-args';

const run = (argv: string[]) => {
  const parsed = parseInspectArgs(argv);
  if (parsed.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
};
const usageError = (argv: string[]) => {
  const parsed = parseInspectArgs(argv);
  if (parsed.kind !== 'usage-error') throw new Error(`expected a usage error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
};

describe('parseInspectArgs', () => {
  it('defaults: from the beginning, to the end, every partition and key, pretty', () => {
    expect(run(['order_created'])).toEqual({
      topic: 'order_created',
      start: { kind: 'beginning' },
      follow: false,
      partition: undefined,
      key: undefined,
      limit: Infinity,
      format: 'pretty',
    });
    expect(run(['order_created', '--from-beginning']).start).toEqual({ kind: 'beginning' });
  });

  it('reads every option', () => {
    expect(
      run(['t', '--from', '42', '--follow', '--partition', '2', '--key', 'k-1', '--limit', '5', '--json']),
    ).toEqual({
      topic: 't',
      start: { kind: 'offset', offset: 42n },
      follow: true,
      partition: 2,
      key: 'k-1',
      limit: 5,
      format: 'json',
    });
    expect(run(['t', '--pretty']).format).toBe('pretty');
    expect(run(['t', '--from=7']).start).toEqual({ kind: 'offset', offset: 7n });
  });

  it('reads --from as an ISO 8601 time, with or without a zone, or a date alone', () => {
    expect(parseStart('2026-11-30T04:00:00Z')).toEqual({
      kind: 'time',
      time: new Date(Date.UTC(2026, 10, 30, 4)),
    });
    expect(parseStart('2026-11-30T05:30:00.250+01:30')).toEqual({
      kind: 'time',
      time: new Date(Date.UTC(2026, 10, 30, 4, 0, 0, 250)),
    });
    expect(parseStart('2026-11-30')).toEqual({ kind: 'time', time: new Date(Date.UTC(2026, 10, 30)) });
    // A huge offset stays exact (Kafka offsets are 64-bit).
    expect(parseStart('9223372036854775806')).toEqual({ kind: 'offset', offset: 9223372036854775806n });
  });

  it('refuses bad values with a sentence naming the option', () => {
    expect(usageError([])).toBe('which topic?');
    expect(usageError(['a', 'b'])).toBe('one topic only, got a b');
    expect(usageError(['t', '--from', 'yesterday'])).toMatch(/^--from "yesterday": expected an offset/);
    expect(usageError(['t', '--from', '2026-02-30T25:00:00Z'])).toMatch(/^--from "2026-02-30T25:00:00Z"/);
    expect(usageError(['t', '--from', '1.5'])).toMatch(/^--from "1.5"/);
    expect(usageError(['t', '--from-beginning', '--from', '3'])).toBe(
      '--from-beginning and --from exclude each other',
    );
    expect(usageError(['t', '--json', '--pretty'])).toBe('--json and --pretty exclude each other');
    expect(usageError(['t', '--partition', '-1'])).toMatch(/--partition/);
    expect(usageError(['t', '--partition', 'one'])).toBe('--partition "one": expected a whole number');
    expect(usageError(['t', '--limit', '0'])).toBe('--limit "0": expected a whole number of at least 1');
    expect(usageError(['t', '--max', '3'])).toMatch(/Unknown option '--max'/);
    expect(usageError(['t', '--from'])).toMatch(/--from/);
  });

  it('answers --help with the usage', () => {
    expect(parseInspectArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseInspectArgs(['-h'])).toEqual({ kind: 'help' });
  });
});
