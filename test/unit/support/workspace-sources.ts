/**
 * What the layout test reads: the workspaces the root package.json declares, their manifests,
 * their `src/` and `test/` files, the root `test/` files and the imports of each file. Files only:
 * no network, no processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The repository root (this file is test/unit/support/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The package.json fields the layout test looks at. */
export interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  main?: string;
  types?: string;
  exports?: unknown;
}

/** One npm workspace: its folder relative to the root, and its manifest. */
export interface Workspace {
  dir: string;
  manifest: Manifest;
}

/** One import (or re-export, require, dynamic import) of a source file. */
export interface SourceImport {
  /** The importing file, relative to the repository root. */
  file: string;
  /** The module specifier as written. */
  specifier: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The workspaces of the root package.json, in its order (a trailing `/*` is expanded). */
export function listWorkspaces(root = REPO_ROOT): Workspace[] {
  const patterns = readJson<{ workspaces?: string[] }>(path.join(root, 'package.json')).workspaces ?? [];
  const dirs = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return fs
      .readdirSync(path.join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  return dirs
    .filter((dir) => fs.existsSync(path.join(root, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readJson<Manifest>(path.join(root, dir, 'package.json')) }));
}

/**
 * The `.ts` files npm scripts run (`tsx stack/src/cli/stack.ts up`), relative to the root: the
 * root package.json's scripts name them from the root, a workspace's from its own folder.
 */
export function scriptFiles(workspaces: Workspace[], root = REPO_ROOT): Set<string> {
  const rootScripts = readJson<Manifest>(path.join(root, 'package.json')).scripts ?? {};
  const scripts = [
    ...Object.values(rootScripts).map((script) => ({ base: '.', script })),
    ...workspaces.flatMap((ws) =>
      Object.values(ws.manifest.scripts ?? {}).map((script) => ({ base: ws.dir, script })),
    ),
  ];
  return new Set(
    scripts.flatMap(({ base, script }) =>
      script
        .split(/\s+/)
        .filter((word) => word.endsWith('.ts'))
        .map((word) => path.posix.normalize(path.posix.join(base, word))),
    ),
  );
}

/** Every `.ts` file under `dir` (relative to the root), relative to the root, sorted; none if `dir` is absent. */
export function tsFilesUnder(dir: string, root = REPO_ROOT): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(path.join(root, current), { withFileTypes: true })) {
      const child = `${current}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(child);
      else if (entry.isFile() && entry.name.endsWith('.ts')) found.push(child);
    }
  };
  if (fs.existsSync(path.join(root, dir))) walk(dir);
  return found.sort();
}

/** Every `.ts` file under `<workspace>/src/`, relative to the repository root, sorted. */
export function sourceFiles(workspace: Workspace, root = REPO_ROOT): string[] {
  return tsFilesUnder(`${workspace.dir}/src`, root);
}

/** Every `.ts` file under `<workspace>/test/`, relative to the repository root, sorted. */
export function testFiles(workspace: Workspace, root = REPO_ROOT): string[] {
  return tsFilesUnder(`${workspace.dir}/test`, root);
}

/**
 * The module specifiers a file imports, as the TypeScript compiler's pre-processor sees them
 * (imports, re-exports, `import type`, `require` and `import()`), so no regex has to guess
 * what a comment or a string literal is.
 */
export function importsOf(file: string, root = REPO_ROOT): SourceImport[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map((ref) => ({ file, specifier: ref.fileName }));
}

/**
 * The file a relative specifier names, relative to the root: `x.ts`, `x/index.ts`, or the path as
 * written when neither exists (a JSON file, or a module that is missing).
 */
export function resolveRelative(fromFile: string, specifier: string, root = REPO_ROOT): string {
  const target = path.posix.join(path.posix.dirname(fromFile), specifier);
  for (const candidate of [`${target}.ts`, `${target}/index.ts`, target]) {
    const full = path.join(root, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return target;
}

/** Every path string under a package.json `exports` value (conditions and subpaths alike). */
export function exportTargets(exportsField: unknown): string[] {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField && typeof exportsField === 'object') {
    return Object.values(exportsField).flatMap(exportTargets);
  }
  return [];
}

/** The subpaths a package.json `exports` value declares: `.` and `./tools` for `{".": …, "./tools": …}`. */
export function exportSubpaths(exportsField: unknown): string[] {
  if (exportsField === undefined) return ['.'];
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) return ['.'];
  const keys = Object.keys(exportsField as object);
  // An object of conditions ({"require": …}) rather than of subpaths describes `.` alone.
  return keys.some((key) => key.startsWith('.')) ? keys : ['.'];
}
