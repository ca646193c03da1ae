/**
 * The README's walk-through, run word for word: its `sh` blocks, in order, in one shell session
 * against `npm start` running in the background, each block's output compared with the `text`
 * block the README shows after it. The schema change runs in a clone of this repository (it edits
 * schemas and generated code, then reverts them), so this checkout is never touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { linkNodeModules } from './support/build-copy';
import {
  matchesExpected,
  outputsOf,
  sectionOf,
  sessionScript,
  shellBlocks,
  type ShellBlock,
} from '../support/readme-blocks';

jest.setTimeout(900_000);

const repoRoot = path.resolve(__dirname, '../..');
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const CHANGE_HEADING = '### A schema change, step by step';
const walk = sectionOf(readme, '## Walk-through');
const change = sectionOf(readme, CHANGE_HEADING);
const changeBlocks = shellBlocks(change.text, change.firstLine);
const systemBlocks = shellBlocks(walk.text, walk.firstLine).filter((b) => b.line < change.firstLine);

const jqMissing = spawnSync('jq', ['--version']).error !== undefined;
if (jqMissing) {
  // The README says how to get jq; .ci/run installs it. Without it the walk-through cannot run here.
  console.warn('SKIPPED the README walk-through test: jq is not installed (see the README walk-through).');
}
const describeWithJq = jqMissing ? describe.skip : describe;

/** Runs the blocks in one bash session in `cwd`; resolves with each block's output. */
function runSession(blocks: ShellBlock[], cwd: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const bash = spawn('bash', ['-c', sessionScript(blocks)], { cwd, env: process.env });
    let output = '';
    bash.stdout.on('data', (d: Buffer) => (output += d.toString()));
    bash.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => bash.kill('SIGKILL'), 600_000);
    bash.on('error', reject);
    bash.on('close', () => {
      clearTimeout(timer);
      resolve(outputsOf(output, blocks.length));
    });
  });
}

function expectEachAsShown(blocks: ShellBlock[], outputs: string[]): void {
  const mismatches = blocks
    .map((block, i) => ({ block, printed: outputs[i] ?? '' }))
    .filter(({ block, printed }) => !matchesExpected(printed, block.expected))
    .map(
      ({ block, printed }) =>
        `README.md:${block.line}:\n$ ${block.script}\n--- the README shows:\n${block.expected}\n--- it printed:\n${printed}`,
    );
  expect(mismatches).toEqual([]);
}

/** `npm start` in its own process group; resolves once it prints that the system is up. */
function startSystem(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true,
    // The walk-through's `Prefer: wait=30` gets its 30 s (the default cap is 5 s): see the README.
    env: { ...process.env, PROJECTION_WAIT_MAX_MS: '30000' },
  });
  let output = '';
  const collect = (d: Buffer) => (output += d.toString());
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start was not up within 300 s:\n${output}`)),
      300_000,
    );
    const onData = () => {
      if (output.includes('The system is up')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ child, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before the system was up:\n${output}`));
    });
  });
}

async function stopSystem(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGINT');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** A clone of this repository's HEAD with this checkout's installed packages, and a `main` to compare with. */
function cloneRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-clone-'));
  const git = (...args: string[]) => {
    const run = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };
  git('clone', '-q', repoRoot, '.');
  if (spawnSync('git', ['rev-parse', '--verify', '-q', 'main'], { cwd: dir }).status !== 0) {
    git('branch', 'main', 'origin/main');
  }
  const ours = Object.fromEntries(
    fs
      .readdirSync(path.join(repoRoot, 'node_modules/@contract-events'))
      .map((name) => [
        name,
        path.basename(fs.readlinkSync(path.join(repoRoot, 'node_modules/@contract-events', name))),
      ]),
  );
  linkNodeModules(dir, ours);
  return dir;
}

describeWithJq('the README walk-through', () => {
  it('has both parts', () => {
    expect(systemBlocks.length).toBeGreaterThanOrEqual(4);
    expect(changeBlocks.length).toBeGreaterThanOrEqual(5);
  });

  it('runs against `npm start` and prints what the README shows', async () => {
    const system = await startSystem();
    try {
      expectEachAsShown(systemBlocks, await runSession(systemBlocks, repoRoot));
    } finally {
      await stopSystem(system.child);
    }
  });

  it('walks through a schema change, the gate passing and then failing, and leaves the clone as it was', async () => {
    const clone = cloneRepository();
    try {
      expectEachAsShown(changeBlocks, await runSession(changeBlocks, clone));
      const status = spawnSync('git', ['status', '--short'], { cwd: clone, encoding: 'utf8' });
      expect(status.stdout).toBe('');
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });
});
