/**
 * `npm test`: every tier, unit first. Integration, end-to-end and fault tests run against the real
 * stack, which is started here when it is not running (and left running for the next run); of the
 * fault scenarios, `npm test` runs the quick one. `npm run test:faults` (`--faults`) runs every fault
 * scenario and nothing else.
 */
import { spawnSync } from 'node:child_process';
import { loadStackConfig } from '../config/stack-config';
import { stackUp } from '../stack';

function jest(args: string[], env: Record<string, string> = {}): number {
  const res = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return res.status ?? 1;
}

async function main(): Promise<number> {
  const faultsOnly = process.argv.includes('--faults');
  const extra = process.argv.slice(2).filter((arg) => arg !== '--faults');
  if (!faultsOnly) {
    const unit = jest(['--selectProjects', 'unit', ...extra]);
    if (unit !== 0) return unit;
  }
  await stackUp(loadStackConfig());
  if (faultsOnly)
    return jest(['--selectProjects', 'faults', '--runInBand', ...extra], { FAULT_SUITE: 'all' });
  return jest(['--selectProjects', 'integration', 'e2e', 'faults', '--runInBand', ...extra], {
    FAULT_SUITE: 'quick',
  });
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`npm test: ${err.message}`);
    process.exit(1);
  },
);
