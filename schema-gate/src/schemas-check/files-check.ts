/**
 * Mode (c): compare two schema files directly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { schemaInvalid } from '@contract-events/contracts';
import { checkCompatibility } from '../compat/check-compatibility';
import type { CompatibilityLevel } from '../compat/levels';
import { type SchemaReport, errorReport } from './report';

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw schemaInvalid(file, `cannot read: ${(err as Error).message}`, err);
  }
}

/** Checks `newFile` against `oldFile`; paths in breaks start with the new file's base name. */
export function runFilesCheck(oldFile: string, newFile: string, level: CompatibilityLevel): SchemaReport {
  try {
    const result = checkCompatibility(read(oldFile), read(newFile), level, {
      rootPath: path.basename(newFile, path.extname(newFile)),
    });
    return {
      mode: 'files',
      file: newFile,
      level,
      status: result.compatible ? 'compatible' : 'incompatible',
      breaks: result.breaks,
      messages: [],
      against: [oldFile],
    };
  } catch (err) {
    return errorReport('files', newFile, err, { level });
  }
}
