/**
 * The command line of `npm run inspect`, parsed with Node's `util.parseArgs` and checked into
 * {@link InspectOptions}; a bad value gives a sentence for the user, not an exception.
 */
import { parseArgs } from 'node:util';
import type { ReadStart } from '../transport/topic-reader';

export const INSPECT_USAGE = [
  'usage: npm run inspect -- <topic> [--from-beginning | --from <offset|ISO time>] [--follow]',
  '                          [--partition P] [--key K] [--limit N] [--json | --pretty]',
  '  --from-beginning   read from the oldest record kept (the default)',
  '  --from <offset>    from this offset in each partition read (all, or the one of --partition)',
  '  --from <time>      from the first record at or after an ISO 8601 time, e.g. 2026-11-30T04:00:00Z',
  '  --follow           keep printing new records until Ctrl-C (otherwise stop at the end of the topic)',
  '  --partition P      only partition P',
  '  --key K            only records whose key is K',
  '  --limit N          stop after N records',
  '  --json             one JSON object per record and line (NDJSON, for jq); --pretty (default) for people',
].join('\n');

/** What the command line asks for. */
export interface InspectOptions {
  topic: string;
  start: ReadStart;
  follow: boolean;
  partition?: number;
  key?: string;
  limit: number;
  format: 'json' | 'pretty';
}

export type ParsedInspectArgs =
  { kind: 'run'; options: InspectOptions } | { kind: 'help' } | { kind: 'usage-error'; message: string };

const DIGITS = /^\d+$/;
/** A date, or a date and time with an optional zone (no zone: the local time, as JavaScript reads it). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

/** `--from`'s value: an offset (digits) or an ISO 8601 time. */
export function parseStart(value: string): ReadStart {
  if (DIGITS.test(value)) return { kind: 'offset', offset: BigInt(value) };
  const time = ISO_TIME.test(value) ? new Date(value) : undefined;
  if (!time || Number.isNaN(time.getTime())) {
    fail(
      `--from ${JSON.stringify(value)}: expected an offset (0, 42, ...) or an ISO 8601 time (2026-11-30T04:00:00Z)`,
    );
  }
  return { kind: 'time', time };
}

function count(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!DIGITS.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    fail(
      `--${name} ${JSON.stringify(value)}: expected a whole number${min > 0 ? ` of at least ${min}` : ''}`,
    );
  }
  return Number(value);
}

function parse(argv: string[]): ParsedInspectArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'from-beginning': { type: 'boolean', default: false },
      from: { type: 'string' },
      follow: { type: 'boolean', default: false },
      partition: { type: 'string' },
      key: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      pretty: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1)
    fail(positionals.length === 0 ? 'which topic?' : `one topic only, got ${positionals.join(' ')}`);
  if (values['from-beginning'] && values.from !== undefined)
    fail('--from-beginning and --from exclude each other');
  if (values.json && values.pretty) fail('--json and --pretty exclude each other');
  return {
    kind: 'run',
    options: {
      topic: positionals[0]!,
      start: values.from === undefined ? { kind: 'beginning' } : parseStart(values.from),
      follow: values.follow,
      partition: count('partition', values.partition, 0),
      key: values.key,
      limit: count('limit', values.limit, 1) ?? Infinity,
      format: values.json ? 'json' : 'pretty',
    },
  };
}

/** Parses `argv` (without node and the script); never throws. */
export function parseInspectArgs(argv: string[]): ParsedInspectArgs {
  try {
    return parse(argv);
  } catch (err) {
    // parseArgs' own errors (an unknown option, a missing value) carry an ERR_PARSE_ARGS_* code and a
    // readable message (checked by code: instanceof fails across realms, e.g. under jest).
    const code = (err as { code?: unknown }).code;
    if (err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'))) {
      return { kind: 'usage-error', message: (err as Error).message };
    }
    throw err;
  }
}
