/**
 * The bench's CPU accounting from /proc (bench/src/lib/cpu.ts), on this process and the machine: no
 * network, no child processes.
 */
import fs from 'node:fs';
import { commandCpuSeconds, cpuSeconds, machineCpuSeconds, partMs, startCpuSplit } from '../../src/lib/cpu';

/** Spends about `ms` of CPU on this thread. */
function busy(ms: number): void {
  const until = process.cpuUsage().user + ms * 1000;
  let x = 0;
  while (process.cpuUsage().user < until) x += Math.sqrt(x + 1);
  expect(x).toBeGreaterThan(0);
}

const ownCommand = fs.readFileSync('/proc/self/comm', 'utf8').trim();

test("a command's CPU counts every process of that name, this one among them", () => {
  busy(30);
  // Own figure first: the command's, read after it, can only have grown since.
  const own = cpuSeconds(process.pid);
  expect(own).toBeGreaterThan(0);
  expect(commandCpuSeconds(ownCommand)).toBeGreaterThanOrEqual(own);
  expect(commandCpuSeconds('no-such-command-here')).toBe(0);
});

test('a process that is gone, or none at all, has no CPU figure', () => {
  expect(cpuSeconds(undefined)).toBeNaN();
  expect(cpuSeconds(2 ** 30)).toBeNaN();
  expect(machineCpuSeconds()).toBeGreaterThan(0);
});

test('a split gives each part its CPU per request, and the rest of the machine', () => {
  const end = startCpuSplit({ 'this process': () => cpuSeconds(process.pid) });
  busy(200);
  const split = end(100);
  const [named, rest] = split.parts;
  expect(named![0]).toBe('this process');
  expect(rest![0]).toBe('the rest');
  // /proc counts in 10 ms ticks: 200 ms over 100 requests is about 2 ms each.
  expect(named![1]).toBeGreaterThanOrEqual(1.5);
  expect(named![1]).toBeLessThanOrEqual(split.totalMs + 0.5);
  expect(named![1] + rest![1]).toBeCloseTo(split.totalMs, 6);
  expect(partMs(split, 'this process')).toBe(named![1]);
  expect(partMs(split, 'no such part')).toBeNaN();
});
