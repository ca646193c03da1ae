/**
 * What the Dockerfile's runtime stage holds, laid out in a temporary folder without a Docker engine:
 * its COPY instructions (from the build context, and `--from=build` from this checkout's `npm run build`
 * output), its `npm ci` (production dependencies only) and its ENV. Other RUN commands are not run
 * (`npm cache clean` would empty this machine's cache). The stage's WORKDIR is the folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  copiesOf,
  envOf,
  instructionsOf,
  readDockerfile,
  REPO_ROOT,
  runCommands,
  type DockerStage,
} from '../../support/dockerfile';

export interface RuntimeImage {
  /** The folder standing for the image's WORKDIR. */
  root: string;
  /** The stage's ENV. */
  env: Record<string, string>;
  remove(): void;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}: ${result.error ?? ''}${result.stdout}${result.stderr}`,
    );
  }
}

/** `npm run build` in this checkout: the build stage's output, which `COPY --from=build` takes. */
export function buildCheckout(): void {
  run('npm', ['run', 'build'], REPO_ROOT, 600_000);
}

/** Where `source` lands for `COPY source... dest` (dest ending in `/`, or several sources: a folder). */
function copyTarget(root: string, source: string, dest: string, many: boolean): string {
  const target = path.join(root, dest);
  return dest.endsWith('/') || many ? path.join(target, path.basename(source)) : target;
}

function applyCopies(stage: DockerStage, root: string, workdir: string, buildStage: string): void {
  for (const { from, sources, dest } of copiesOf(stage)) {
    if (from !== undefined && from !== buildStage) throw new Error(`COPY --from=${from}: unknown stage`);
    for (const source of sources) {
      // The build stage is this checkout: its WORKDIR stands for the repository root.
      const origin = from === undefined ? source : path.posix.relative(workdir, source);
      const target = copyTarget(root, origin, dest, sources.length > 1);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.cpSync(path.join(REPO_ROOT, origin), target, { recursive: true });
    }
  }
}

/** Lays out the runtime stage (the Dockerfile's last) in a new temporary folder. */
export function assembleRuntimeImage(): RuntimeImage {
  const stages = readDockerfile();
  const stage = stages[stages.length - 1];
  const build = stages[0];
  if (!stage || !build?.name || stage === build)
    throw new Error('the Dockerfile has no build and runtime stages');
  const workdir = instructionsOf(build, 'WORKDIR')[0]?.args[0] ?? '/';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-image-'));
  const remove = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    applyCopies(stage, root, workdir, build.name);
    const installs = runCommands(stage).filter(([program, sub]) => program === 'npm' && sub === 'ci');
    if (installs.length !== 1) throw new Error('the runtime stage should run npm ci once');
    const [, ...args] = installs[0] ?? [];
    // --prefer-offline: the same packages, from this machine's cache where it has them.
    run('npm', [...args, '--prefer-offline'], root, 600_000);
  } catch (err) {
    remove();
    throw err;
  }
  return { root, env: envOf(stage), remove };
}
