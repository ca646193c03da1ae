/**
 * Reading earlier versions of schema files out of git, for the offline check.
 */
import { execFileSync } from 'node:child_process';
import type { SchemaVersion } from '../compat/check-compatibility';
import { GateError } from '../errors/gate-error';

const gitFailed = (message: string, cause: unknown): GateError =>
  new GateError(message, 'GIT_FAILED', undefined, cause);

function git(root: string, args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    throw gitFailed(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, err);
  }
}

/** The top-level directory of the git work tree containing `dir`. */
export function gitToplevel(dir: string): string {
  return git(dir, ['rev-parse', '--show-toplevel']).trim();
}

/**
 * The commit to compare against by default: `git merge-base HEAD main`, which is HEAD itself
 * when HEAD is on main.
 * @throws GateError `GIT_FAILED` when there is no `main` branch or no common ancestor.
 */
export function defaultBaseRef(root: string): string {
  try {
    return git(root, ['merge-base', 'HEAD', 'main']).trim();
  } catch (err) {
    throw gitFailed(
      `cannot find the merge-base of HEAD and main (${(err as Error).message}); pass --against <ref>`,
      err,
    );
  }
}

/** Resolves `ref` to a commit id. @throws GateError `GIT_FAILED` when the ref does not exist. */
export function resolveCommit(root: string, ref: string): string {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch (err) {
    throw gitFailed(`git ref ${JSON.stringify(ref)} not found in ${root}`, err);
  }
}

/** The file's text at `commit`, or undefined when the file does not exist there. */
export function fileAt(root: string, commit: string, relPath: string): string | undefined {
  const listed = git(root, ['ls-tree', '--name-only', commit, '--', relPath]).trim();
  if (listed === '') return undefined;
  return git(root, ['show', `${commit}:./${relPath}`]);
}

// Formatting-only edits are not new versions.
function normalise(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Every distinct version of `relPath` in the history of `commit` (inclusive), oldest first,
 * each labelled with the short id of the first commit that had it.
 */
export function fileHistory(root: string, commit: string, relPath: string): SchemaVersion[] {
  const commits = git(root, ['log', '--format=%H', commit, '--', relPath])
    .split('\n')
    .filter(Boolean)
    .reverse();
  const versions: SchemaVersion[] = [];
  const seen = new Set<string>();
  for (const c of commits) {
    const text = fileAt(root, c, relPath);
    if (text === undefined) continue; // deleted in that commit
    const key = normalise(text);
    if (seen.has(key)) continue;
    seen.add(key);
    versions.push({ schema: text, label: c.slice(0, 12) });
  }
  return versions;
}
