import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTsx, tmpDir, writeJsonFiles } from '../../../../test/support/cli-process';
import { writeSchemasDir } from '../support/fixtures';

const CLI = 'codegen/src/cli.ts';

describe('npm run codegen -- --check', () => {
  let dir: string;
  const run = (...extra: string[]) =>
    runTsx(CLI, ['--schemas', 'schemas', '--out', 'generated', ...extra], dir);

  beforeEach(() => {
    dir = tmpDir('codegen-check');
    writeSchemasDir(path.join(dir, 'schemas'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exits 1 naming every missing file before generation, 0 after', () => {
    const before = run('--check');
    expect(before.status).toBe(1);
    for (const name of ['index.ts', 'schemas.ts', 'topics.ts', 'types.ts']) {
      expect(before.stdout).toContain(`missing: generated/${name}`);
    }
    expect(fs.existsSync(path.join(dir, 'generated'))).toBe(false);

    expect(run().status).toBe(0);
    expect(run('--check')).toMatchObject({ status: 0, stdout: 'up to date: generated\n' });
  });

  test('exits 1 naming a hand-edited file and an extra file, and writes nothing', () => {
    expect(run().status).toBe(0);
    const types = path.join(dir, 'generated', 'types.ts');
    const edited = fs.readFileSync(types, 'utf8').replace('ping_id: string;', 'ping_id: number;');
    fs.writeFileSync(types, edited);
    fs.writeFileSync(path.join(dir, 'generated', 'old.ts'), 'export {};\n');

    const result = run('--check');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      'extra: generated/old.ts\nstale: generated/types.ts\ngenerated files are out of date: run `npm run codegen`\n',
    );
    expect(fs.readFileSync(types, 'utf8')).toBe(edited);

    // Regenerating repairs both.
    expect(run().status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'generated', 'old.ts'))).toBe(false);
    expect(run('--check').status).toBe(0);
  });

  test('a schema change makes the committed output stale', () => {
    expect(run().status).toBe(0);
    writeJsonFiles(path.join(dir, 'schemas'), {
      'ping.avsc': {
        type: 'record',
        name: 'Ping',
        fields: [
          { name: 'ping_id', type: 'string' },
          { name: 'seq', type: 'long', default: 0 },
        ],
      },
    });
    const result = run('--check');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('stale: generated/schemas.ts');
    expect(result.stdout).toContain('stale: generated/types.ts');
    expect(result.stdout).not.toContain('topics.ts');
  });

  test('exits 2 when a schema does not parse', () => {
    expect(run().status).toBe(0);
    writeJsonFiles(path.join(dir, 'schemas'), { 'ping.avsc': { type: 'record', name: 'Ping' } });
    const result = run('--check');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('SCHEMA_INVALID');
    expect(result.stderr).toContain('ping.avsc');
  });

  test('the repository output is up to date', () => {
    const result = runTsx(CLI, ['--check'], path.resolve(__dirname, '../../../..'));
    expect(result).toMatchObject({ status: 0, stdout: 'up to date: event-runtime/src/generated, docs\n' });
  });
});
