/**
 * `npm run codegen [-- --check] [--schemas <dir>] [--out <dir>] [--docs <dir>]`
 *
 * Exit codes: 0 written or up to date, 1 `--check` found stale/missing/extra files,
 * 2 the schemas could not be read or turned into types.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isEventSystemError } from '@contract-events/contracts';
import { generateDocs } from './docs/generate-docs';
import { type GeneratedFile, generate } from './generator/generate';
import { type OutputFinding, type OutputOptions, compareOutput, writeOutput } from './generator/output-dir';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

const HELP = `Usage: npm run codegen -- [--check] [--schemas <dir>] [--out <dir>] [--docs <dir>]

Generates TypeScript types from schemas/topics.json and the .avsc files it lists, and the
documents docs/asyncapi.yaml and docs/events.md (which read each schema's git history: a shallow
clone is refused).

  --check          write nothing; exit 1 naming each stale, missing or extra file
  --schemas <dir>  schemas directory (default: <repo>/schemas)
  --out <dir>      output directory (default: <repo>/event-runtime/src/generated)
  --docs <dir>     documents directory (default: <repo>/docs when --schemas is not given;
                   with --schemas, documents are generated only when --docs is given)
  --help           show this help

Exit codes: 0 ok, 1 generated files out of date (--check), 2 schemas invalid.
`;

/** One folder of generated files. */
interface Output {
  readonly dir: string;
  readonly files: readonly GeneratedFile[];
  readonly options: OutputOptions;
}

function display(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        check: { type: 'boolean', default: false },
        schemas: { type: 'string' },
        out: { type: 'string' },
        docs: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`codegen: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const schemasDir = path.resolve(values.schemas ?? path.join(REPO_ROOT, 'schemas'));
  const outDir = path.resolve(values.out ?? path.join(REPO_ROOT, 'event-runtime', 'src', 'generated'));
  const docsDir = values.docs ?? (values.schemas === undefined ? path.join(REPO_ROOT, 'docs') : undefined);
  try {
    const outputs: Output[] = [{ dir: outDir, files: await generate(schemasDir), options: {} }];
    if (docsDir !== undefined) {
      const files = await generateDocs(schemasDir);
      outputs.push({ dir: path.resolve(docsDir), files, options: { ownsFolder: false } });
    }
    const dirs = outputs.map((o) => display(o.dir)).join(', ');
    if (values.check) {
      const findings = outputs.flatMap((o) => compareOutput(o.dir, o.files, o.options));
      for (const f of findings) process.stdout.write(`${f.status}: ${display(f.file)}\n`);
      if (findings.length > 0) {
        process.stdout.write('generated files are out of date: run `npm run codegen`\n');
        return 1;
      }
      process.stdout.write(`up to date: ${dirs}\n`);
      return 0;
    }
    const changes: OutputFinding[] = outputs.flatMap((o) => writeOutput(o.dir, o.files, o.options));
    for (const c of changes) {
      process.stdout.write(`${c.status === 'extra' ? 'removed' : 'wrote'}: ${display(c.file)}\n`);
    }
    if (changes.length === 0) process.stdout.write(`up to date: ${dirs}\n`);
    return 0;
  } catch (err) {
    const code = isEventSystemError(err) ? err.code : 'UNEXPECTED';
    process.stderr.write(`codegen: ${code}: ${(err as Error).message}\n`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
