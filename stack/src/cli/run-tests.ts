/**
 * `npm test`: every tier, unit first. Integration and end-to-end tests run against the real
 * stack, which is started here when it is not running (and left running for the next run).
 */
import { spawnSync } from 'node:child_process';
import { loadStackConfig } from '../config/stack-config';
import { stackUp } from '../stack';

function jest(args: string[]): number {
  const res = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...args], { stdio: 'inherit' });
  return res.status ?? 1;
}

async function main(): Promise<number> {
  const extra = process.argv.slice(2);
  const unit = jest(['--selectProjects', 'unit', ...extra]);
  if (unit !== 0) return unit;
  const cfg = loadStackConfig();
  await stackUp(cfg);
  return jest(['--selectProjects', 'integration', 'e2e', '--runInBand', ...extra]);
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`npm test: ${err.message}`);
    process.exit(1);
  },
);
