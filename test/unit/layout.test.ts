/**
 * The repository's layout rules, checked over every `src/` file of every workspace:
 *   a. another workspace is imported through its package name and declared `exports` only; tests
 *      too (every `.ts` under the root `test/` and under each workspace's `test/`) never reach into
 *      another workspace's `src/`, though a workspace's tests may import its own;
 *   b. no pair of folders imports each other both ways (entry points excepted);
 *   c. every `main`/`types`/`exports` target of a workspace's package.json exists, or is the build's
 *      output (`dist/x.js`) of a source that exists (`src/x.ts`): `npm run build` writes it;
 *   d. `npm run build` compiles every workspace: the root tsconfig.build.json references each one's.
 *
 * Why a check of our own: ESLint's import/no-cycle looks at module cycles, not folders.
 * dependency-cruiser can find folder cycles (a rule with `scope: 'folder'` and `circular`, since
 * 11.7), but it would be a new dependency with a configuration language of its own, and rule c is
 * not about dependencies at all; with the TypeScript compiler we already have, the three rules
 * take a page. Pure: it reads files only.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO_ROOT,
  exportSubpaths,
  exportTargets,
  importsOf,
  listWorkspaces,
  resolveRelative,
  scriptFiles,
  sourceFiles,
  testFiles,
  tsFilesUnder,
  type SourceImport,
  type Workspace,
} from './support/workspace-sources';

const workspaces = listWorkspaces();
const byName = new Map(workspaces.map((ws) => [ws.manifest.name, ws]));

/** The workspace whose folder holds `file` (relative to the root), if any. */
function workspaceOf(file: string): Workspace | undefined {
  return workspaces.find((ws) => file === ws.dir || file.startsWith(`${ws.dir}/`));
}

/** Files npm scripts run: programs, like `src/cli/**`, wherever they live (a service's `src/migrate.ts`). */
const programs = scriptFiles(workspaces);

/**
 * Files that define the package's surface or start a program: `src/index.ts`, `src/tools.ts`,
 * `src/main.ts`, `src/cli/**` and whatever an npm script runs. They sit on top and import downward
 * by design, so their imports make no folder edge.
 */
function isEntryPoint(ws: Workspace, file: string): boolean {
  const rel = path.posix.relative(`${ws.dir}/src`, file);
  return ['index.ts', 'tools.ts', 'main.ts'].includes(rel) || rel.startsWith('cli/') || programs.has(file);
}

function importsOfWorkspace(ws: Workspace): SourceImport[] {
  return sourceFiles(ws).flatMap((file) => importsOf(file));
}

/**
 * Rule a: one line per import of `files` that reaches into another workspace past its package entry
 * points. `home` is the workspace the files belong to (none for the root `test/`). From `src/`
 * (`within: 'workspace'`) a relative path into another workspace is refused wherever it points;
 * from tests (`within: 'src'`) only one into another workspace's `src/` (shared test helpers are
 * test code, not a package's internals).
 */
function deepImports(files: string[], home: Workspace | undefined, within: 'workspace' | 'src'): string[] {
  const problems: string[] = [];
  for (const { file, specifier } of files.flatMap((f) => importsOf(f))) {
    if (specifier.startsWith('.')) {
      const target = resolveRelative(file, specifier);
      const owner = workspaceOf(target);
      const reached = owner && (within === 'workspace' || target.startsWith(`${owner.dir}/src/`));
      if (owner && owner !== home && reached) {
        problems.push(`${file} imports '${specifier}' (${target}): use '${owner.manifest.name}'`);
      }
      continue;
    }
    const name = [...byName.keys()].find((n) => specifier === n || specifier.startsWith(`${n}/`));
    const other = name === undefined ? undefined : byName.get(name);
    if (!name || !other || other === home) continue;
    const subpath = specifier === name ? '.' : `.${specifier.slice(name.length)}`;
    const declared = exportSubpaths(other.manifest.exports);
    if (!declared.includes(subpath)) {
      problems.push(
        `${file} imports '${specifier}': ${name} exports only ${declared.map((s) => `'${s}'`).join(', ')}`,
      );
    }
  }
  return problems;
}

/** Rule b: one line per pair of folders that import each other, with one import each way. */
function folderPairs(ws: Workspace): string[] {
  // folder → imported folder → the first import that made the edge (for the message).
  const edges = new Map<string, Map<string, string>>();
  for (const { file, specifier } of importsOfWorkspace(ws)) {
    if (!specifier.startsWith('.') || isEntryPoint(ws, file)) continue;
    const from = path.posix.dirname(file);
    const to = path.posix.dirname(resolveRelative(file, specifier));
    if (from === to) continue;
    const out = edges.get(from) ?? new Map<string, string>();
    if (!out.has(to)) out.set(to, `${file} imports '${specifier}'`);
    edges.set(from, out);
  }
  const pairs: string[] = [];
  for (const [from, out] of edges) {
    for (const [to, example] of out) {
      const back = edges.get(to)?.get(from);
      if (back && from < to) pairs.push(`${from} <-> ${to}: ${example}; ${back}`);
    }
  }
  return pairs.sort();
}

/** What `npm run build` compiles `./dist/x.js` from (tsconfig.build-base.json: src/ → dist/). */
function buildSource(target: string): string | undefined {
  const match = /^\.\/dist\/(.+)\.js$/.exec(target);
  return match ? `./src/${match[1]}.ts` : undefined;
}

/** Rule c: one line per manifest target that is not on disk and is not the build's output of a source that is. */
function missingTargets(ws: Workspace): string[] {
  const { main, types, exports: exportsField } = ws.manifest;
  const targets: [field: string, target: string][] = [
    ...(main === undefined ? [] : [['main', main] as [string, string]]),
    ...(types === undefined ? [] : [['types', types] as [string, string]]),
    ...exportTargets(exportsField).map((target): [string, string] => ['exports', target]),
  ];
  const exists = (target: string) => fs.existsSync(path.join(REPO_ROOT, ws.dir, target));
  return targets
    .filter(([, target]) => !target.includes('*'))
    .filter(([, target]) => {
      const source = buildSource(target);
      return source === undefined ? !exists(target) : !exists(source);
    })
    .map(([field, target]) => `${ws.dir}/package.json ${field}: ${target} does not exist`);
}

/** Rule d: the workspace folders the root build (tsconfig.build.json) references. */
function builtWorkspaces(): string[] {
  const file = path.join(REPO_ROOT, 'tsconfig.build.json');
  const { references = [] } = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    references?: { path: string }[];
  };
  return references.map((ref) => path.posix.dirname(path.posix.normalize(ref.path)));
}

test('the workspaces come from the root package.json and have src/ files', () => {
  expect(workspaces.map((ws) => ws.dir)).toEqual(expect.arrayContaining(['event-runtime', 'stack']));
  for (const ws of workspaces)
    expect({ ws: ws.dir, files: sourceFiles(ws).length > 0 }).toEqual({ ws: ws.dir, files: true });
});

test("the root test/ files import no workspace's src/", () => {
  const files = tsFilesUnder('test');
  expect(files).toEqual(expect.arrayContaining(['test/unit/layout.test.ts', 'test/e2e/support/system.ts']));
  expect(deepImports(files, undefined, 'src')).toEqual([]);
});

describe.each(workspaces.map((ws) => [ws.dir, ws] as const))('%s', (_dir, ws) => {
  test('imports other workspaces only through their package entry points', () => {
    expect(deepImports(sourceFiles(ws), ws, 'workspace')).toEqual([]);
  });

  test("tests import no other workspace's src/", () => {
    expect(deepImports(testFiles(ws), ws, 'src')).toEqual([]);
  });

  test('has no pair of folders importing each other both ways', () => {
    expect(folderPairs(ws)).toEqual([]);
  });

  test("package.json's main, types and exports exist (or are built from a source that does)", () => {
    expect(missingTargets(ws)).toEqual([]);
  });

  test('is compiled by npm run build', () => {
    expect(builtWorkspaces()).toContain(ws.dir);
    expect(fs.existsSync(path.join(REPO_ROOT, ws.dir, 'tsconfig.build.json'))).toBe(true);
  });
});
