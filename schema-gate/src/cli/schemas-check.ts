/**
 * `npm run schemas:check`: offline (git) and registry compatibility checks of the Avro
 * schemas, or a direct comparison of two files. See `--help` and ../schemas-check/args.ts.
 */
import * as path from 'node:path';
import { isEventSystemError } from '@contract-events/contracts';
import { registryFromEnv, replayConnectionFromEnv } from '../config';
import { HELP, parseCheckArgs } from '../schemas-check/args';
import { runFilesCheck } from '../schemas-check/files-check';
import { gitToplevel } from '../schemas-check/git-history';
import { runOfflineCheck } from '../schemas-check/offline-check';
import { runRegistryCheck } from '../schemas-check/registry-check';
import { type OutputFormat, renderReports } from '../schemas-check/render';
import { type SchemaReport, errorReport, exitCodeOf } from '../schemas-check/report';
import { runReplayCheck } from '../schemas-check/replay-check';

async function collect(argv: string[]): Promise<{ reports: SchemaReport[]; format: OutputFormat } | number> {
  const args = parseCheckArgs(argv);
  const format = args.format ?? (args.json ? 'json' : 'text');
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.old !== undefined && args.new !== undefined) {
    const level = args.level ?? 'FULL_TRANSITIVE';
    return { reports: [runFilesCheck(args.old, args.new, level, args.semantic ?? 'warn')], format };
  }
  const root = path.resolve(args.root ?? gitToplevel(process.cwd()));
  if (args.replay !== undefined) {
    const connection = replayConnectionFromEnv();
    const replay = { root, topic: args.replay, ...connection, ...(args.limit ? { limit: args.limit } : {}) };
    try {
      return { reports: [await runReplayCheck(replay)], format };
    } catch (err) {
      // Bad usage still prints the help (main); anything else is a report saying what could not be checked.
      if (isEventSystemError(err, 'USAGE')) throw err;
      return {
        reports: [errorReport('replay', `--replay ${args.replay}`, err, { topic: args.replay })],
        format,
      };
    }
  }
  const reports: SchemaReport[] = [];
  try {
    reports.push(
      ...runOfflineCheck({
        root,
        ...(args.against !== undefined ? { ref: args.against } : {}),
        ...(args.semantic !== undefined ? { semantic: args.semantic } : {}),
      }),
    );
  } catch (err) {
    reports.push(errorReport('offline', 'schemas/topics.json', err));
  }
  if (args.registry !== undefined) {
    // A URL on the command line replaces SCHEMA_REGISTRY_URL; credentials and CA still come from the env.
    const env = args.registry === true ? process.env : { ...process.env, SCHEMA_REGISTRY_URL: args.registry };
    try {
      reports.push(...(await runRegistryCheck({ root, ...registryFromEnv(env) })));
    } catch (err) {
      reports.push(errorReport('registry', 'schemas/topics.json', err));
    }
  }
  return { reports, format };
}

async function main(argv: string[]): Promise<number> {
  try {
    const outcome = await collect(argv);
    if (typeof outcome === 'number') return outcome;
    const code = exitCodeOf(outcome.reports);
    process.stdout.write(renderReports(outcome.reports, outcome.format));
    return code;
  } catch (err) {
    const code = isEventSystemError(err) ? err.code : 'UNEXPECTED';
    process.stderr.write(`schemas:check: ${code}: ${(err as Error).message}\n`);
    if (isEventSystemError(err, 'USAGE')) process.stderr.write(`\n${HELP}`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
