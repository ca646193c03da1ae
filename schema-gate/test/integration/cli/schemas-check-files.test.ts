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

  test('exit 1 naming the field from the record name, and the line of the record it left', () => {
    const result = run('--old', 'v1.avsc', '--new', 'user_created.avsc', '--level', 'FULL_TRANSITIVE');
    expect(result.status).toBe(1);
    // Line 3 of the new file is `"name": "UserCreated"`: the field itself is gone from it.
    expect(result.stdout).toContain(
      'user_created.avsc:3: UserCreated.email: READER_FIELD_MISSING_DEFAULT: old reader cannot read new data: ' +
        'field email has no default',
    );
  });

  test('--format github prints one annotation per break at the field line', () => {
    const result = run(
      '--old',
      'user_created.avsc',
      '--new',
      'v1.avsc',
      '--level',
      'BACKWARD',
      '--format',
      'github',
    );
    expect(result.status).toBe(1);
    const line =
      fs
        .readFileSync(path.join(dir, 'v1.avsc'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"email"')) + 1;
    expect(result.stdout.split('\n')).toContain(
      `::error file=v1.avsc,line=${line},title=READER_FIELD_MISSING_DEFAULT::UserCreated.email: ` +
        'READER_FIELD_MISSING_DEFAULT: new reader cannot read old data: field email has no default and the old ' +
        'schema does not have it',
    );
    expect(result.stdout).toContain('schemas:check: 1 incompatible schema(s)');
  });

  test('--json gives a structured report', () => {
    const result = run('--old', 'v1.avsc', '--new', 'user_created.avsc', '--level', 'FORWARD', '--json');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      version: number;
      exitCode: number;
      reports: { breaks: unknown[] }[];
    };
    expect(report).toMatchObject({ version: 1, exitCode: 1 });
    expect(report.reports[0]?.breaks).toEqual([
      expect.objectContaining({
        path: 'UserCreated.email',
        line: 3,
        rule: 'READER_FIELD_MISSING_DEFAULT',
        direction: 'FORWARD',
      }),
    ]);
  });

  test('--old repeated is a history, oldest first: *_TRANSITIVE checks each, plain levels the last', () => {
    // v1 has email, v2 (user_created.avsc above) dropped it, the candidate has it again without default.
    const args = ['--old', 'v1.avsc', '--old', 'user_created.avsc', '--new', 'v1.avsc'];
    const plain = run(...args, '--level', 'BACKWARD', '--json');
    expect(plain.status).toBe(1);
    expect(JSON.parse(plain.stdout)).toMatchObject({
      reports: [
        { against: ['user_created.avsc'], breaks: [expect.objectContaining({ path: 'UserCreated.email' })] },
      ],
    });
    const forward = run(...args, '--level', 'FORWARD');
    expect(forward.status).toBe(0);
    expect(forward.stdout).toContain('compatible against user_created.avsc');
    const transitive = run(...args, '--level', 'BACKWARD_TRANSITIVE');
    expect(transitive.status).toBe(1);
    expect(transitive.stdout).toContain(
      'READER_FIELD_MISSING_DEFAULT: new reader cannot read old data: field email has no default and the old schema does not have it (against user_created.avsc)',
    );
    const history = run(
      '--old',
      'v1.avsc',
      '--old',
      'v1.avsc',
      '--new',
      'v1.avsc',
      '--level',
      'FULL_TRANSITIVE',
    );
    expect(history.status).toBe(0);
    expect(history.stdout).toContain('compatible against 2 versions (v1.avsc, v1.avsc)');
  });

  test('logical-type changes: the exit code is Avro’s verdict unless --semantic error', () => {
    writeJsonFiles(dir, {
      'plain.avsc': { type: 'record', name: 'R', fields: [{ name: 'a', type: 'bytes' }] },
      'decimal.avsc': {
        type: 'record',
        name: 'R',
        fields: [{ name: 'a', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } }],
      },
    });
    const warned = run('--old', 'plain.avsc', '--new', 'decimal.avsc', '--level', 'FULL');
    expect(warned.status).toBe(0);
    expect(warned.stdout).toContain(
      'decimal.avsc:6: R.a: LOGICAL_TYPE_ADDED: old schema has no logical type (a plain bytes), new schema has decimal(10,2): the registry accepts this',
    );
    expect(
      run('--old', 'plain.avsc', '--new', 'decimal.avsc', '--level', 'FULL', '--semantic', 'warn').status,
    ).toBe(0);
    const strict = run(
      '--old',
      'decimal.avsc',
      '--new',
      'plain.avsc',
      '--level',
      'FULL',
      '--semantic',
      'error',
    );
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('LOGICAL_TYPE_REMOVED');
    expect(run('--old', 'plain.avsc', '--new', 'decimal.avsc', '--semantic', 'sometimes').status).toBe(2);
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
    for (const flag of [
      '--old',
      '--new',
      '--level',
      '--against',
      '--root',
      '--registry',
      '--json',
      '--semantic',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });
});
