/**
 * `npm run bench [-- --quick] [-- --only <name>]`: starts the stack when needed (as `npm test` does),
 * runs the scenarios in order, prints one table and writes the rows as JSON to bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadStackConfig, stackUp } from '@contract-events/stack';
import { readBenchEnv } from './config';
import { parseArgs } from './lib/args';
import { renderTable } from './lib/table';
import type { BenchContext, BenchRow } from './lib/types';
import { scenarios } from './scenarios';

const resultsDir = path.resolve(__dirname, '../results');

async function main(): Promise<void> {
  const args = parseArgs(
    process.argv.slice(2),
    scenarios.map((s) => s.name),
  );
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const ctx: BenchContext = { quick: args.quick, log, env: readBenchEnv() };
  await stackUp(loadStackConfig(ctx.env), log);
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  const started = new Date();
  for (const { name, scenario } of scenarios) {
    if (args.only && args.only !== name) continue;
    const t0 = Date.now();
    log(`== ${name}${args.quick ? ' (quick)' : ''}`);
    try {
      rows.push(...(await scenario(ctx)));
      log(`== ${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } catch (err) {
      // One scenario failing leaves the others' figures: they are still measured and reported.
      failures.push(name);
      log(`== ${name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  console.log(renderTable(rows));
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(
    resultsDir,
    `${started.toISOString().replace(/[:.]/g, '-')}${args.quick ? '-quick' : ''}.json`,
  );
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  fs.writeFileSync(
    file,
    `${JSON.stringify({ started, quick: args.quick, machine, failures, rows }, null, 2)}\n`,
  );
  log(`results: ${path.relative(process.cwd(), file)}`);
  if (failures.length > 0) {
    log(`failed: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
