/**
 * Writing generated files, and comparing them with what is on disk for `--check`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedFile } from './generate';

/** A difference between the output directory and freshly generated files. */
export interface OutputFinding {
  readonly status: 'stale' | 'missing' | 'extra';
  /** Absolute path of the file. */
  readonly file: string;
}

// Only .ts and .json files are ours to manage; anything else someone put there is left alone.
function existingTsFiles(outDir: string): string[] {
  if (!fs.existsSync(outDir)) return [];
  return fs
    .readdirSync(outDir, { withFileTypes: true })
    .filter((e) => e.isFile() && (e.name.endsWith('.ts') || e.name.endsWith('.json')))
    .map((e) => e.name)
    .sort();
}

/** Options of {@link compareOutput} and {@link writeOutput}. */
export interface OutputOptions {
  /**
   * Whether other .ts and .json files in the folder are extra (the generated folder, the default) or
   * someone else's (docs/, which holds hand-written files beside the generated ones).
   */
  readonly ownsFolder?: boolean;
}

/** Lists stale, missing and extra files, sorted by file name. Writes nothing. */
export function compareOutput(
  outDir: string,
  files: readonly GeneratedFile[],
  options: OutputOptions = {},
): OutputFinding[] {
  const findings: OutputFinding[] = [];
  const expected = new Set(files.map((f) => f.name));
  for (const f of files) {
    const file = path.join(outDir, f.name);
    if (!fs.existsSync(file)) findings.push({ status: 'missing', file });
    else if (fs.readFileSync(file, 'utf8') !== f.content) findings.push({ status: 'stale', file });
  }
  for (const name of options.ownsFolder === false ? [] : existingTsFiles(outDir)) {
    if (!expected.has(name)) findings.push({ status: 'extra', file: path.join(outDir, name) });
  }
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Writes the files, touching only those whose content changed, and removes extra files (see {@link OutputOptions}). */
export function writeOutput(
  outDir: string,
  files: readonly GeneratedFile[],
  options: OutputOptions = {},
): OutputFinding[] {
  const changes = compareOutput(outDir, files, options);
  fs.mkdirSync(outDir, { recursive: true });
  for (const change of changes) {
    if (change.status === 'extra') {
      fs.rmSync(change.file);
    } else {
      const content = files.find((f) => path.join(outDir, f.name) === change.file)?.content ?? '';
      fs.writeFileSync(change.file, content);
    }
  }
  return changes;
}
