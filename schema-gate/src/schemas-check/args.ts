/**
 * Command-line parsing for `npm run schemas:check`. Hand-written because `--registry` takes an
 * optional value, which node's parseArgs cannot express.
 */
import type { SemanticMode } from '../compat/check-compatibility';
import { type CompatibilityLevel, parseCompatibilityLevel } from '../compat/levels';
import { DEFAULT_SCHEMA_REGISTRY_URL } from '../config';
import { GateError } from '../errors/gate-error';
import { OUTPUT_FORMATS, type OutputFormat } from './render';

const usage = (message: string): GateError => new GateError(message, 'USAGE');

/** Parsed arguments. */
export interface CheckArgs {
  readonly help: boolean;
  readonly json: boolean;
  /** Earlier files, oldest first (`--old` repeated). */
  readonly old?: readonly string[];
  readonly new?: string;
  readonly level?: CompatibilityLevel;
  readonly against?: string;
  readonly root?: string;
  /** `true` when `--registry` was given without a URL. */
  readonly registry?: string | true;
  /** `--semantic`: replaces topics.json's `semanticChanges` (offline) or the files mode's `warn`. */
  readonly semantic?: SemanticMode;
  /** `--format`; `--json` is `--format json`. */
  readonly format?: OutputFormat;
  /** `--replay <topic>`: decode the topic's retained events through its working-tree schema. */
  readonly replay?: string;
  /** `--limit N` with `--replay`: read at most N events. */
  readonly limit?: number;
}

/** Usage text, printed by `--help`. */
export const HELP = `Usage: npm run schemas:check -- [options]

Checks Avro schema changes for compatibility, with Apache Avro's verdicts. Exit codes:
0 compatible, 1 a break was found (or a semantic change, where they are errors), 2 something
could not be checked (bad file, missing git ref, registry unreachable).

For a changed schema it also names each service that consumes or produces the topic (from
event-runtime/src/generated/services.json, written by npm run codegen): whether the schema a
consumer was built with reads the new events, whether a producer's old events stay readable.
These lines only report; the exit code is the level's verdict.

Modes:
  (default)              offline: compare each schema in schemas/topics.json with its version(s)
                         at a git ref, at the topic's compatibility level (transitive levels use
                         every committed version up to the ref)
  --registry [url]       also ask the schema registry (Confluent API) about each schema; url
                         defaults to SCHEMA_REGISTRY_URL or ${DEFAULT_SCHEMA_REGISTRY_URL}
  --old <file> [--old <file> ...] --new <file> [--level <level>]
                         compare a file with earlier ones, oldest first: *_TRANSITIVE levels
                         check against every --old file, the plain levels against the last
                         (default level FULL_TRANSITIVE)
  --replay <topic> [--limit N]
                         read the topic's retained events from Kafka (own consumer group, commits
                         nothing) and decode each through the working tree's schema of the topic;
                         prints how many were read and failed, and the first failures with their
                         partition and offset. Reads KAFKA_BROKERS, KAFKA_SECURITY_PROTOCOL,
                         KAFKA_SASL_*, KAFKA_SSL_* and SCHEMA_REGISTRY_*

Options:
  --against <ref>        git ref for the offline check (default: git merge-base HEAD main)
  --root <dir>           repository root (default: git top level of the current directory)
  --level <level>        NONE, BACKWARD, FORWARD, FULL, or one of them with _TRANSITIVE
  --semantic warn|error  what a change the registry accepts but that changes a value's meaning
                         (decimal scale or precision, timestamp unit, a logical type added or
                         removed) does: error fails the check, warn only reports it. Default:
                         each topic's semanticChanges in schemas/topics.json (offline), warn
                         for --old/--new (so the verdict is exactly Avro's and the registry's)
  --limit <n>            with --replay: read at most n events (default: all retained ones)
  --format text|json|github
                         text (default): file:line: path: rule: explanation; json: the
                         reports as one JSON document ({version, exitCode, reports}); github:
                         the text with each problem as a GitHub Actions annotation
                         (::error file=...,line=...,title=RULE::...; semantic warnings as
                         ::warning)
  --json                 the same as --format json
  --help                 show this help
`;

/**
 * Parses argv (without node and script).
 * @throws GateError `USAGE` for unknown flags, missing values and inconsistent combinations.
 */
export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const out: { -readonly [K in keyof CheckArgs]: CheckArgs[K] } = { help: false, json: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw usage(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const take = (): string => inline ?? value(i++, flag ?? arg);
    switch (flag) {
      case '--help':
      case '-h':
        out.help = true;
        break;
      case '--json':
        out.json = true;
        break;
      case '--format': {
        const format = take();
        if (!OUTPUT_FORMATS.includes(format as OutputFormat))
          throw usage(`--format takes ${OUTPUT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
        out.format = format as OutputFormat;
        break;
      }
      case '--old':
        out.old = [...(out.old ?? []), take()];
        break;
      case '--semantic': {
        const mode = take();
        if (mode !== 'warn' && mode !== 'error')
          throw usage(`--semantic takes warn or error, got ${JSON.stringify(mode)}`);
        out.semantic = mode;
        break;
      }
      case '--new':
        out.new = take();
        break;
      case '--against':
        out.against = take();
        break;
      case '--root':
        out.root = take();
        break;
      case '--level':
        try {
          out.level = parseCompatibilityLevel(take());
        } catch (err) {
          throw usage((err as Error).message);
        }
        break;
      case '--replay':
        out.replay = take();
        break;
      case '--limit': {
        const raw = take();
        const n = Number(raw);
        if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(n) || n < 1)
          throw usage(`--limit takes a whole number of events, at least 1, got ${JSON.stringify(raw)}`);
        out.limit = n;
        break;
      }
      case '--registry': {
        const next = argv[i + 1];
        if (inline !== undefined) out.registry = inline;
        else if (next !== undefined && !next.startsWith('--')) out.registry = argv[++i] ?? true;
        else out.registry = true;
        break;
      }
      default:
        throw usage(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (out.json && out.format !== undefined && out.format !== 'json') {
    throw usage(`--json and --format ${out.format} contradict each other`);
  }
  if ((out.old === undefined) !== (out.new === undefined)) throw usage('--old and --new go together');
  if (out.old !== undefined && (out.against !== undefined || out.registry !== undefined)) {
    throw usage('--old/--new cannot be combined with --against or --registry');
  }
  if (out.limit !== undefined && out.replay === undefined) throw usage('--limit applies to --replay');
  if (
    out.replay !== undefined &&
    (out.old !== undefined || out.against !== undefined || out.registry !== undefined)
  ) {
    throw usage('--replay is a mode of its own: not with --old/--new, --against or --registry');
  }
  if (out.old === undefined && out.level !== undefined) {
    throw usage('--level applies to --old/--new; topics use the level in schemas/topics.json');
  }
  return out;
}
