import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, runTsx, tmpDir, writeJsonFiles } from '../../../../test/support/cli-process';

const CLI = 'schema-gate/src/cli/schemas-check.ts';
const user = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'user_created.avsc'), 'utf8')) as {
  fields: { name: string }[];
};

describe('schemas:check --old --new', () => {
  let dir: string;
  const run = (...args: string[]) => runTsx(CLI, args, dir);

  beforeAll(() => {
    dir = tmpDir('schemas-check-files');
    writeJsonFiles(dir, {
      'v1.avsc': user,
      'user_created.avsc': { ...user, fields: user.fields.filter((f) => f.name !== 'email') },
      'broken.avsc': '{"type": "record", "name": ',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exit 0 when compatible at the level', () => {
    const result = run('--old', 'v1.avsc', '--new', 'user_created.avsc', '--level', 'BACKWARD');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('schemas:check: compatible');
  });

  test('exit 1 naming the field when not', () => {
    const result = run('--old', 'v1.avsc', '--new', 'user_created.avsc', '--level', 'FULL_TRANSITIVE');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'user_created.avsc: user_created.email: READER_FIELD_MISSING_DEFAULT: old reader cannot read new data: ' +
        'field email has no default',
    );
  });

  test('--json gives a structured report', () => {
    const result = run('--old', 'v1.avsc', '--new', 'user_created.avsc', '--level', 'FORWARD', '--json');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { exitCode: number; reports: { breaks: unknown[] }[] };
    expect(report.exitCode).toBe(1);
    expect(report.reports[0]?.breaks).toEqual([
      expect.objectContaining({
        path: 'user_created.email',
        rule: 'READER_FIELD_MISSING_DEFAULT',
        direction: 'FORWARD',
      }),
    ]);
  });

  test('exit 2 on a file that does not parse or does not exist', () => {
    const broken = run('--old', 'v1.avsc', '--new', 'broken.avsc', '--level', 'BACKWARD');
    expect(broken.status).toBe(2);
    expect(broken.stdout).toContain('broken.avsc: SCHEMA_INVALID: could not check');
    const missing = run('--old', 'nope.avsc', '--new', 'v1.avsc');
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('nope.avsc');
  });

  test('exit 2 on bad usage', () => {
    expect(run('--old', 'v1.avsc').status).toBe(2);
    const level = run('--old', 'v1.avsc', '--new', 'v1.avsc', '--level', 'SIDEWAYS');
    expect(level).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('unknown compatibility level'),
    });
    expect(run('--bogus').status).toBe(2);
  });

  test('--help documents the modes and flags', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    for (const flag of ['--old', '--new', '--level', '--against', '--root', '--registry', '--json']) {
      expect(help.stdout).toContain(flag);
    }
  });
});
