import * as path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../../../../test/support/cli-process';

/** Typechecks files with the repository's compiler options; returns formatted diagnostics. */
export function typecheck(files: string[]): string[] {
  const configFile = path.join(REPO_ROOT, 'tsconfig.base.json');
  const read = ts.readConfigFile(configFile, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, REPO_ROOT, undefined, configFile);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    // The files live in a temp dir, so point type lookup back at the repository.
    typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
    types: ['node'],
  };
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    return `${d.file ? path.basename(d.file.fileName) : ''}:${where ? where.line + 1 : 0}: ${text}`;
  });
}
