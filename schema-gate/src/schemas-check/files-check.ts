/**
 * Mode (c): compare schema files directly: a candidate against one earlier file or a history of
 * them (`--old` repeated, oldest first).
 */
import * as fs from 'node:fs';
import { schemaInvalid } from '@contract-events/contracts';
import { type SchemaVersion, type SemanticMode, checkAgainstVersions } from '../compat/check-compatibility';
import type { CompatibilityLevel } from '../compat/levels';
import { type SchemaReport, errorReport, withLines } from './report';

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw schemaInvalid(file, `cannot read: ${(err as Error).message}`, err);
  }
}

/**
 * Checks `newFile` against the earlier files (oldest first): transitive levels against each,
 * plain levels against the last. Paths in breaks start with the new schema's record name.
 * @param semantic - what semantic findings do; `warn` (the default) keeps the verdict Avro's.
 */
export function runFilesCheck(
  oldFiles: string | readonly string[],
  newFile: string,
  level: CompatibilityLevel,
  semantic: SemanticMode = 'warn',
): SchemaReport {
  try {
    const previous = (typeof oldFiles === 'string' ? [oldFiles] : oldFiles).map((file): SchemaVersion => ({
      schema: read(file),
      label: file,
    }));
    return checkVersions(previous, read(newFile), newFile, level, semantic);
  } catch (err) {
    return errorReport('files', newFile, err, { level });
  }
}

/**
 * The files mode on schemas already read: the report for `candidate` (shown as `file`) against
 * `previous`. A pair Avro itself cannot resolve, or a schema that does not parse, is an error report.
 */
export function checkVersions(
  previous: readonly SchemaVersion[],
  candidate: string | object,
  file: string,
  level: CompatibilityLevel,
  semantic: SemanticMode = 'warn',
): SchemaReport {
  try {
    const result = checkAgainstVersions(previous, candidate, level, { semantic });
    // Lines only for text read from a file; an object has none to point at.
    const text = typeof candidate === 'string' ? candidate : undefined;
    return {
      mode: 'files',
      file,
      level,
      status: result.compatible ? 'compatible' : 'incompatible',
      breaks: withLines(text, result.breaks),
      semantic: withLines(text, result.semantic),
      semanticMode: semantic,
      messages: [],
      against: result.checkedAgainst,
    };
  } catch (err) {
    return errorReport('files', file, err, { level });
  }
}
