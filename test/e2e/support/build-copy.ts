/**
 * A second build of the services for tests that run two versions side by side: a temporary copy of
 * the workspaces the services run from, with other schemas, the code generated from them, and small
 * source changes, as the next release would be. Third-party packages are this checkout's (symlinked);
 * the `@contract-events/*` packages point at the copy's own folders, so its services import its
 * generated code and not this checkout's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

/** What a service needs at run time (codegen runs from this checkout, pointed at the copy). */
const WORKSPACES = {
  contracts: 'contracts',
  runtime: 'event-runtime',
  'user-service': 'user-service',
  'order-service': 'order-service',
};
const FILES = ['package.json', 'tsconfig.json', 'tsconfig.base.json', 'test/e2e/support/service-main-on.ts'];

/** A source change: `insert` goes right after the one occurrence of `after` in `file`. */
export interface SourcePatch {
  file: string;
  after: string;
  insert: string;
}

export interface BuildCopyOptions {
  /** Schema files to write over the copy's `schemas/`, by file name (e.g. `order_created.avsc`). */
  schemas: Record<string, object>;
  patches: SourcePatch[];
}

export interface BuildCopy {
  /** The copy's repository root: run its services from here. */
  root: string;
  remove(): void;
}

function applyPatch(root: string, { file, after, insert }: SourcePatch): void {
  const target = path.join(root, file);
  const text = fs.readFileSync(target, 'utf8');
  const at = text.indexOf(after);
  // A patch that no longer fits the source must fail the test loudly, not build an unchanged copy.
  if (at < 0 || text.indexOf(after, at + 1) >= 0) {
    throw new Error(`build copy: ${file} does not contain exactly one ${JSON.stringify(after)}`);
  }
  const end = at + after.length;
  fs.writeFileSync(target, text.slice(0, end) + insert + text.slice(end));
}

/**
 * Gives `root` a node_modules of links: every installed package but ours to this checkout's, and
 * ours (`@contract-events/<name>` → `folder`) to `root`'s own folders.
 */
export function linkNodeModules(root: string, ours: Record<string, string> = WORKSPACES): void {
  const modules = path.join(root, 'node_modules');
  fs.mkdirSync(path.join(modules, '@contract-events'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (entry === '@contract-events') continue;
    fs.symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(modules, entry));
  }
  for (const [name, folder] of Object.entries(ours)) {
    fs.symlinkSync(path.join('..', '..', folder), path.join(modules, '@contract-events', name));
  }
}

/** Copies the workspaces, writes the schemas, regenerates the types, applies the patches. */
export function createBuildCopy(options: BuildCopyOptions): BuildCopy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-copy-'));
  const remove = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    for (const folder of [...Object.values(WORKSPACES), 'schemas']) {
      fs.cpSync(path.join(repoRoot, folder), path.join(root, folder), {
        recursive: true,
        filter: (source) => path.basename(source) !== 'node_modules',
      });
    }
    for (const file of FILES) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.copyFileSync(path.join(repoRoot, file), path.join(root, file));
    }
    linkNodeModules(root);
    for (const [file, schema] of Object.entries(options.schemas)) {
      fs.writeFileSync(path.join(root, 'schemas', file), `${JSON.stringify(schema, null, 2)}\n`);
    }
    const codegen = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'codegen/src/cli.ts'),
        '--schemas',
        path.join(root, 'schemas'),
        '--out',
        path.join(root, 'event-runtime/src/generated'),
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
    );
    if (codegen.status !== 0) {
      throw new Error(`build copy: codegen exited ${codegen.status}: ${codegen.stdout}${codegen.stderr}`);
    }
    for (const patch of options.patches) applyPatch(root, patch);
  } catch (err) {
    remove();
    throw err;
  }
  return { root, remove };
}
