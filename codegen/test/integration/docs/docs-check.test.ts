/**
 * The documents' staleness check and the catalog's history on a real git repository: a schema change
 * makes docs/ stale until regenerated, the catalog is byte-identical whether generated before or
 * after the commit of the change, renames are followed, and a shallow clone is refused.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTsx, tmpDir, writeJsonFiles } from '../../../../test/support/cli-process';
import { pingSchema, writeSchemasDir } from '../support/fixtures';

const CLI = 'codegen/src/cli.ts';
// Each codegen run reads git and formats with Prettier: seconds each on a busy shared machine.
const SLOW = 600_000;

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** A repository with one service consuming `ping` and producing `kitchen_sink`, committed. */
function makeRepo(): string {
  const dir = tmpDir('codegen-docs');
  writeSchemasDir(path.join(dir, 'schemas'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'shop', version: '2.0.0', workspaces: ['svc'] }),
  );
  fs.mkdirSync(path.join(dir, 'svc', 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'svc', 'src', 'app.ts'),
    "export const svc = { name: 'svc', handlers: { ping: onPing } };\n" +
      "export const f = (trx, e) => outbox.enqueue(trx, 'kitchen_sink', e);\n",
  );
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'first');
  return dir;
}

const pingV2 = { ...pingSchema, fields: [...pingSchema.fields, { name: 'seq', type: 'long', default: 0 }] };

describe('npm run codegen -- --docs: docs/asyncapi.yaml and docs/events.md', () => {
  let dir: string;
  const run = (cwd: string, ...extra: string[]) =>
    runTsx(CLI, ['--schemas', 'schemas', '--out', 'generated', '--docs', 'docs', ...extra], cwd);
  const catalog = () => fs.readFileSync(path.join(dir, 'docs', 'events.md'), 'utf8');

  beforeAll(() => {
    dir = makeRepo();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(
    'stale after a schema change, identical before and after its commit, renames followed',
    () => {
      expect(run(dir).status).toBe(0);
      expect(run(dir, '--check')).toMatchObject({ status: 0, stdout: 'up to date: generated, docs\n' });
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'generated');
      expect(catalog()).toContain('- **v1** (current): first version, fields `ping_id`.');
      // A hand-written file beside the generated ones is not ours.
      fs.writeFileSync(path.join(dir, 'docs', 'notes.md'), '# Notes\n');

      // The change, not committed yet: the documents are stale, and regenerating adds v2.
      writeJsonFiles(path.join(dir, 'schemas'), { 'ping.avsc': pingV2 });
      const stale = run(dir, '--check');
      expect(stale.status).toBe(1);
      expect(stale.stdout).toContain('stale: docs/asyncapi.yaml');
      expect(stale.stdout).toContain('stale: docs/events.md');
      expect(run(dir).status).toBe(0);
      const beforeCommit = catalog();
      expect(beforeCommit).toContain('- **v2** (current): added `seq` (`long`, default `0`).');

      // Committed: the catalog generated now is the same bytes.
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'ping gets a sequence number');
      expect(run(dir, '--check')).toMatchObject({ status: 0 });
      expect(run(dir).stdout).toBe('up to date: generated, docs\n');
      expect(catalog()).toBe(beforeCommit);
      expect(fs.existsSync(path.join(dir, 'docs', 'notes.md'))).toBe(true);

      // Renamed: the history before the rename still counts.
      git(dir, 'mv', 'schemas/ping.avsc', 'schemas/ping_event.avsc');
      const topicsFile = path.join(dir, 'schemas', 'topics.json');
      fs.writeFileSync(
        topicsFile,
        fs.readFileSync(topicsFile, 'utf8').replace('"ping.avsc"', '"ping_event.avsc"'),
      );
      git(dir, 'commit', '-qam', 'rename');
      expect(run(dir).status).toBe(0);
      expect(catalog()).toContain('- **v2** (current): added `seq`');
      expect(catalog()).toContain('- **v1**: first version, fields `ping_id`.');
    },
    SLOW,
  );

  test(
    'a shallow clone is refused, naming the fix',
    () => {
      const shallow = tmpDir('codegen-docs-shallow');
      try {
        git(shallow, 'clone', '-q', '--depth', '1', `file://${dir}`, 'repo');
        const result = run(path.join(shallow, 'repo'), '--check');
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('SCHEMA_HISTORY_UNAVAILABLE');
        expect(result.stderr).toContain('fetch-depth: 0');
      } finally {
        fs.rmSync(shallow, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});
