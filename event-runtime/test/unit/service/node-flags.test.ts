/**
 * SERVICE_NODE_FLAGS as node takes them: in NODE_OPTIONS (the production image) and on the command line
 * (the bench, `npm start`), with the heap limits they say. Local `node` processes only, no network.
 */
import { spawnSync } from 'node:child_process';
import { SERVICE_NODE_FLAGS } from '../../../src/service/node-flags';

interface HeapLimits {
  /** v8.getHeapStatistics().heap_size_limit in MB: the old space's ceiling plus the young generation's. */
  heapLimitMb: number;
}

const PRINT_LIMITS =
  "process.stdout.write(JSON.stringify({ heapLimitMb: require('node:v8').getHeapStatistics().heap_size_limit / 2 ** 20 }))";

/** Runs `node [args] -e PRINT_LIMITS` with NODE_OPTIONS set to `nodeOptions` (and nothing else of ours). */
function limitsOf(args: readonly string[], nodeOptions = ''): HeapLimits {
  const run = spawnSync(process.execPath, [...args, '-e', PRINT_LIMITS], {
    env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`node exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as HeapLimits;
}

function flagValue(name: string): number {
  const flag = SERVICE_NODE_FLAGS.find((f) => f.startsWith(`--${name}=`));
  if (!flag) throw new Error(`SERVICE_NODE_FLAGS has no --${name}`);
  return Number(flag.slice(name.length + 3));
}

test('names the old space ceiling and the semi-space size, each once', () => {
  expect(flagValue('max-old-space-size')).toBeGreaterThan(0);
  expect(flagValue('max-semi-space-size')).toBeGreaterThan(0);
  expect(new Set(SERVICE_NODE_FLAGS.map((f) => f.split('=')[0])).size).toBe(SERVICE_NODE_FLAGS.length);
});

test('node accepts them in NODE_OPTIONS and on the command line, to the same effect', () => {
  const inOptions = limitsOf([], SERVICE_NODE_FLAGS.join(' '));
  expect(limitsOf(SERVICE_NODE_FLAGS)).toEqual(inOptions);
});

test('they set the heap limit: the old space ceiling plus a young generation of semi-spaces', () => {
  const { heapLimitMb } = limitsOf(SERVICE_NODE_FLAGS);
  const oldMb = flagValue('max-old-space-size');
  // V8 counts three semi-spaces (two, and the new large object space's share) on top of the old space.
  expect(heapLimitMb).toBeGreaterThanOrEqual(oldMb);
  expect(heapLimitMb).toBeLessThanOrEqual(oldMb + 3 * flagValue('max-semi-space-size'));
  expect(heapLimitMb).toBeLessThan(limitsOf([]).heapLimitMb);
});
