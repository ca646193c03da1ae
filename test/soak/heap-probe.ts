/**
 * Leak hunting (not a test): both services in this process on random topics, under the soak's load, with
 * a forced full GC before each sample, so heapUsed is what is actually retained: `npm run test:soak:heap`
 * (node --expose-gc). HEAP_PROBE_MINUTES (4); HEAP_SNAPSHOTS=1 writes a heap snapshot after the first
 * minute and one at the end into test/soak/results/ (compare them in Chrome DevTools).
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { createTestSystem } from '../e2e/support/system';
import { startLoad } from '../faults/support/load';
import { slope } from './soak-stats';

const gc = (globalThis as { gc?: () => void }).gc;

async function main() {
  if (!gc) throw new Error('run with node --expose-gc');
  const minutes = Number(process.env.HEAP_PROBE_MINUTES ?? 4);
  const system = await createTestSystem();
  const users = await system.startUserService();
  const orders = await system.startOrderService();
  const dir = path.resolve(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const load = startLoad({ users: () => users.url, orders: () => orders.url }, 2, { pauseMs: 200 });
  const started = Date.now();
  const points: { x: number; y: number }[] = [];
  let snapshots = 0;
  while (Date.now() - started < minutes * 60_000) {
    await sleep(15_000);
    gc();
    gc();
    const m = process.memoryUsage();
    const minute = (Date.now() - started) / 60_000;
    points.push({ x: minute, y: m.heapUsed / 2 ** 20 });
    process.stdout.write(
      `${minute.toFixed(2)} min, ${load.stats.requests} writes: rss ${(m.rss / 2 ** 20).toFixed(1)} heapUsed ${(m.heapUsed / 2 ** 20).toFixed(1)} heapTotal ${(m.heapTotal / 2 ** 20).toFixed(1)} external ${(m.external / 2 ** 20).toFixed(1)} arrayBuffers ${(m.arrayBuffers / 2 ** 20).toFixed(1)} MB\n`,
    );
    if (
      process.env.HEAP_SNAPSHOTS &&
      (snapshots === 0 ? minute > 1 : Date.now() - started > (minutes - 0.3) * 60_000) &&
      snapshots < 2
    ) {
      snapshots += 1;
      process.stdout.write(
        `snapshot ${v8.writeHeapSnapshot(path.join(dir, `heap-${snapshots}.heapsnapshot`))}\n`,
      );
    }
  }
  await load.stop();
  const half = points.filter((p) => p.x >= minutes / 2);
  process.stdout.write(`retained heap slope (second half): ${slope(half).toFixed(3)} MB/min\n`);
  await system.stop();
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
