/**
 * Helpers for tests that run a CLI of this repository as a child process (integration tier):
 * codegen's and the compatibility gate's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

/** Repository root. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** A fresh temporary directory, removed by the caller. */
export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** Writes JSON files into `dir` (creating it). */
export function writeJsonFiles(dir: string, files: Record<string, unknown>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(files)) {
    fs.writeFileSync(
      path.join(dir, name),
      typeof value === 'string' ? value : JSON.stringify(value, null, 2),
    );
  }
}

/** Runs a TypeScript entry point of this repo with tsx, as `npm run` would. */
export function runTsx(script: string, args: string[], cwd: string) {
  const result = spawnSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(REPO_ROOT, script), ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
      timeout: 60_000,
    },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: result.stdout + result.stderr,
  };
}

/**
 * Like {@link runTsx} but without blocking, for tests that serve HTTP in this process; `env` adds to
 * (or, with undefined, removes from) this process's environment.
 */
export function runTsxAsync(
  script: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
) {
  return new Promise<{ status: number | null; stdout: string; stderr: string; output: string }>(
    (resolve, reject) => {
      const child = spawn(
        path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
        [path.join(REPO_ROOT, script), ...args],
        {
          cwd,
          env: { ...process.env, FORCE_COLOR: '0', ...env },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr, output: stdout + stderr }));
    },
  );
}
