/**
 * The versions of a schema file, for the catalog's history. A version is a distinct content, not a
 * commit: the catalog is checked for staleness on a clone whose HEAD holds the commit that changed
 * the schema, and it must read the same whether it was generated before that commit (the change in
 * the working tree) or after it (the change in the history). So no commit id, date or author is
 * ever part of the output, and the working tree counts as one more content.
 */
import { execFileSync } from 'node:child_process';
import { CodegenError } from '../generator/codegen-error';

/** The distinct versions of one schema, oldest first, and which of them the working tree holds. */
export interface SchemaVersions {
  /** Schema texts, oldest first; at least one (the working tree's). */
  readonly versions: readonly string[];
  /** Index in {@link versions} of the working tree's content. */
  readonly current: number;
}

// Formatting-only edits are not new versions (as the compatibility gate's history reader decides).
function normalise(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Pure: the distinct contents of `committed` (oldest first) followed by the working tree's when it
 * is new. A content seen before (a change reverted) is the earlier version again, as a registry
 * answers with the existing version when the same schema is registered twice.
 */
export function schemaVersions(committed: readonly string[], workingTree: string): SchemaVersions {
  const versions: string[] = [];
  const index = new Map<string, number>();
  for (const text of [...committed, workingTree]) {
    const key = normalise(text);
    if (index.has(key)) continue;
    index.set(key, versions.length);
    versions.push(text);
  }
  return { versions, current: index.get(normalise(workingTree)) ?? versions.length - 1 };
}

const historyUnavailable = (message: string, cause?: unknown): CodegenError =>
  new CodegenError(message, 'SCHEMA_HISTORY_UNAVAILABLE', undefined, cause);

function git(root: string, args: readonly string[]): string {
  try {
    return execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    throw historyUnavailable(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, err);
  }
}

/**
 * Refuses a shallow clone: its history is cut, so the catalog it generated would differ from the
 * one generated on a full clone (CI: `actions/checkout` with `fetch-depth: 0`).
 * @throws CodegenError `SCHEMA_HISTORY_UNAVAILABLE` outside a git work tree or in a shallow clone.
 */
export function assertFullHistory(root: string): void {
  if (git(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true') {
    throw historyUnavailable(
      `${root} is a shallow clone: the schema history of docs/events.md needs the whole history ` +
        '(git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)',
    );
  }
}

/** Pure: the `<commit>` / `<path>` pairs of `git log --follow --name-only --format=%H`, newest first. */
export function parseFollowLog(output: string): { commit: string; path: string }[] {
  const entries: { commit: string; path: string }[] = [];
  let commit: string | undefined;
  for (const line of output.split('\n').map((l) => l.trim())) {
    if (/^[0-9a-f]{40,64}$/.test(line)) commit = line;
    else if (line !== '' && commit !== undefined) {
      entries.push({ commit, path: line });
      commit = undefined;
    }
  }
  return entries;
}

function hasCommit(root: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The committed contents of `relPath` (relative to `root`, the top of the work tree), oldest first,
 * following renames, from HEAD's history. Empty when the file was never committed (or the
 * repository has no commit yet).
 * @throws CodegenError `SCHEMA_HISTORY_UNAVAILABLE` when git fails (not a work tree, shallow clone).
 */
export function committedContents(root: string, relPath: string): string[] {
  assertFullHistory(root);
  if (!hasCommit(root)) return [];
  // --diff-filter=d: a commit that deleted the file has no content to show.
  const log = git(root, [
    'log',
    '--follow',
    '--diff-filter=d',
    '--name-only',
    '--format=%H',
    'HEAD',
    '--',
    relPath,
  ]);
  return parseFollowLog(log)
    .reverse()
    .map((e) => git(root, ['show', `${e.commit}:${e.path}`]));
}
