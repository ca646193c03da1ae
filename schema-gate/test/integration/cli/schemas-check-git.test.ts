import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, runTsx, tmpDir, writeJsonFiles } from '../../../../test/support/cli-process';

const CLI = 'schema-gate/src/cli/schemas-check.ts';
type Schema = { fields: { name: string; [k: string]: unknown }[]; [k: string]: unknown };
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', f), 'utf8')) as Schema;
const user = load('user_created.avsc');
const order = load('order_created.avsc');

describe('schemas:check offline against a git ref', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const run = (...args: string[]) => runTsx(CLI, ['--root', repo, ...args], repo);
  const topics = (extra: Record<string, unknown> = {}) => ({
    defaults: { compatibility: 'FULL_TRANSITIVE', partitions: 1, replicationFactor: 1 },
    topics: {
      user_created: { schema: 'user_created.avsc', key: 'user_id' },
      order_created: { schema: 'order_created.avsc', key: 'order_id' },
      ...extra,
    },
  });
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
  };

  beforeEach(() => {
    repo = tmpDir('schemas-check-git');
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    writeJsonFiles(path.join(repo, 'schemas'), {
      'topics.json': topics(),
      'user_created.avsc': user,
      'order_created.avsc': order,
    });
    commit('v1');
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('unchanged schemas pass with the default ref (merge-base with main)', () => {
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'ok [offline] schemas/user_created.avsc (user_created, FULL_TRANSITIVE): compatible',
    );
  });

  test('removing a field without default exits 1 naming it', () => {
    writeJsonFiles(path.join(repo, 'schemas'), {
      'user_created.avsc': { ...user, fields: user.fields.filter((f) => f.name !== 'email') },
    });
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^schemas\/user_created\.avsc:3: UserCreated\.email: READER_FIELD_MISSING_DEFAULT: old reader cannot read new data: .*\(against [0-9a-f]{12}\)$/m,
    );
    expect(result.stdout).toContain('ok [offline] schemas/order_created.avsc');
  });

  test('a compatible change (field with default) passes FULL_TRANSITIVE', () => {
    writeJsonFiles(path.join(repo, 'schemas'), {
      'order_created.avsc': {
        ...order,
        fields: [...order.fields, { name: 'note', type: ['null', 'string'], default: null }],
      },
    });
    expect(run().status).toBe(0);
  });

  test('a change the registry accepts but that changes a meaning fails by default (semanticChanges), --semantic warn passes', () => {
    const scaled = {
      ...order,
      fields: order.fields.map((f) =>
        f.name === 'amount'
          ? { ...f, type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 3 } }
          : f,
      ),
    };
    writeJsonFiles(path.join(repo, 'schemas'), { 'order_created.avsc': scaled });
    const strict = run();
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(
      /^schemas\/order_created\.avsc:\d+: OrderCreated\.amount: DECIMAL_CHANGED: old schema has decimal\(12,2\), new schema has decimal\(12,3\): the registry accepts this, .*\[semantic: error\]$/m,
    );
    const warned = run('--semantic', 'warn');
    expect(warned.status).toBe(0);
    expect(warned.stdout).toContain('[semantic: warn]');
    expect(warned.stdout).toMatch(/compatible against [0-9a-f]{12}, 1 semantic warning\(s\)/);
    // topics.json may relax it for a topic; --semantic error tightens it again for one run.
    writeJsonFiles(path.join(repo, 'schemas'), {
      'topics.json': topics({
        order_created: { schema: 'order_created.avsc', key: 'order_id', semanticChanges: 'warn' },
      }),
    });
    expect(run().status).toBe(0);
    expect(run('--semantic', 'error').status).toBe(1);
    const json = JSON.parse(run('--json').stdout) as {
      reports: { topic: string; semantic: unknown[]; semanticMode: string }[];
    };
    expect(json.reports.find((r) => r.topic === 'order_created')).toMatchObject({
      semanticMode: 'warn',
      semantic: [expect.objectContaining({ path: 'OrderCreated.amount', rule: 'DECIMAL_CHANGED' })],
    });
  });

  test('transitive levels use every committed version; plain levels only the ref', () => {
    const v1 = git('rev-parse', 'HEAD').slice(0, 12);
    const withNote = (note: Record<string, unknown>) => ({
      ...order,
      fields: [...order.fields, { name: 'note', type: 'string', ...note }],
    });
    writeJsonFiles(path.join(repo, 'schemas'), { 'order_created.avsc': withNote({ default: '' }) });
    commit('v2: note with default');
    // v3 drops the default: fine for v2 data (has note), not for v1 data (no note).
    writeJsonFiles(path.join(repo, 'schemas'), { 'order_created.avsc': withNote({}) });

    const setLevel = (level: string) => {
      writeJsonFiles(path.join(repo, 'schemas'), {
        'topics.json': topics({
          order_created: { schema: 'order_created.avsc', key: 'order_id', compatibility: level },
        }),
      });
    };
    const noteLine = () =>
      fs
        .readFileSync(path.join(repo, 'schemas', 'order_created.avsc'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"note"')) + 1;
    setLevel('BACKWARD');
    expect(run('--against', 'HEAD').status).toBe(0);
    setLevel('BACKWARD_TRANSITIVE');
    const result = run('--against', 'HEAD');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `schemas/order_created.avsc:${noteLine()}: OrderCreated.note: READER_FIELD_MISSING_DEFAULT: new reader cannot read old data: ` +
        `field note has no default and the old schema does not have it (against ${v1})`,
    );
  });

  test('a schema file new since the ref is fine', () => {
    writeJsonFiles(path.join(repo, 'schemas'), {
      'topics.json': topics({ ping: { schema: 'ping.avsc', key: 'id' } }),
      'ping.avsc': { type: 'record', name: 'Ping', fields: [{ name: 'id', type: 'string' }] },
    });
    const result = run('--against', 'main');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'ok [offline] schemas/ping.avsc (ping, FULL_TRANSITIVE): new, nothing to check',
    );
  });

  test('exit 2 for a missing ref, a missing main branch, or an unparsable schema', () => {
    expect(run('--against', 'no-such-ref')).toMatchObject({
      status: 2,
      stdout: expect.stringContaining('git ref "no-such-ref" not found'),
    });
    git('branch', '-m', 'main', 'trunk');
    expect(run()).toMatchObject({ status: 2, stdout: expect.stringContaining('pass --against <ref>') });
    git('branch', '-m', 'trunk', 'main');
    fs.writeFileSync(path.join(repo, 'schemas', 'user_created.avsc'), '{"type":"record"');
    const broken = run();
    expect(broken.status).toBe(2);
    expect(broken.stdout).toContain('schemas/user_created.avsc: SCHEMA_INVALID');
  });
});
