import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { REPO_ROOT, runTsxAsync, tmpDir, writeJsonFiles } from '../../../../test/support/cli-process';

const CLI = 'schema-gate/src/cli/schemas-check.ts';
const schemaText = (f: string) => fs.readFileSync(path.join(REPO_ROOT, 'schemas', f), 'utf8');

interface Seen {
  url: string;
  contentType: string | undefined;
  body: { schemaType?: string; schema?: string };
}

/** A stand-in registry speaking the Confluent compatibility endpoint with canned verdicts. */
function startRegistry(answers: Record<string, { status: number; body: unknown }>) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(raw) as Seen['body'],
      });
      const subject = /\/compatibility\/subjects\/([^/]+)\/versions(?:\?|$)/.exec(req.url ?? '')?.[1] ?? '';
      const answer = answers[decodeURIComponent(subject)] ?? { status: 500, body: { message: 'unexpected' } };
      res.writeHead(answer.status, { 'Content-Type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  return new Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/apis/ccompat/v7`,
        seen,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

describe('schemas:check --registry', () => {
  let repo: string;
  beforeAll(() => {
    repo = tmpDir('schemas-check-registry');
    writeJsonFiles(path.join(repo, 'schemas'), {
      'topics.json': fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'topics.json'), 'utf8'),
      'user_created.avsc': schemaText('user_created.avsc'),
      'order_created.avsc': schemaText('order_created.avsc'),
    });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo });
    git('init', '-q', '-b', 'main');
    git(
      '-c',
      'user.email=t@example.com',
      '-c',
      'user.name=t',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'empty',
    );
    git('add', '-A');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'v1');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('prints the registry messages and exits 1 on its incompatible verdict; 404 subject is new', async () => {
    const registry = await startRegistry({
      'user_created-value': {
        status: 200,
        body: { is_compatible: false, messages: ['READER_FIELD_MISSING_DEFAULT at /fields/3: email'] },
      },
      'order_created-value': { status: 404, body: { error_code: 40401, message: 'Subject not found' } },
    });
    try {
      const result = await runTsxAsync(CLI, ['--root', repo, '--registry', registry.url], repo);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(
        'schemas/user_created.avsc: user_created-value: REGISTRY_INCOMPATIBLE: READER_FIELD_MISSING_DEFAULT at /fields/3: email',
      );
      expect(result.stdout).toContain(
        'ok [registry] schemas/order_created.avsc (order_created): new, nothing to check',
      );
      // The offline check ran first and passed.
      expect(result.stdout).toContain('ok [offline] schemas/user_created.avsc');
      const userRequest = registry.seen.find((s) => s.url.includes('user_created-value'));
      expect(userRequest).toEqual({
        url: '/apis/ccompat/v7/compatibility/subjects/user_created-value/versions?verbose=true',
        contentType: 'application/vnd.schemaregistry.v1+json',
        body: { schemaType: 'AVRO', schema: schemaText('user_created.avsc') },
      });
    } finally {
      await registry.close();
    }
  });

  test('exit 0 when the registry says compatible', async () => {
    const ok = { status: 200, body: { is_compatible: true } };
    const registry = await startRegistry({ 'user_created-value': ok, 'order_created-value': ok });
    try {
      const result = await runTsxAsync(CLI, ['--root', repo, '--json', `--registry=${registry.url}`], repo);
      expect(result.status).toBe(0);
      const report = JSON.parse(result.stdout) as { reports: { mode: string; status: string }[] };
      expect(report.reports.filter((r) => r.mode === 'registry').map((r) => r.status)).toEqual([
        'compatible',
        'compatible',
      ]);
    } finally {
      await registry.close();
    }
  });

  test('an unexpected 404 (wrong URL) is not taken as a new subject', async () => {
    const registry = await startRegistry({
      'user_created-value': {
        status: 404,
        body: { error_code: 404, message: 'RESTEASY003210: no resource' },
      },
      'order_created-value': { status: 200, body: { is_compatible: true } },
    });
    try {
      const result = await runTsxAsync(CLI, ['--root', repo, '--registry', registry.url], repo);
      expect(result.status).toBe(2);
      expect(result.stdout).toContain('REGISTRY_UNAVAILABLE: could not check: registry answered HTTP 404');
    } finally {
      await registry.close();
    }
  });

  test('an unreachable registry exits 2', async () => {
    const result = await runTsxAsync(
      CLI,
      ['--root', repo, '--registry', 'http://127.0.0.1:9/apis/ccompat/v7'],
      repo,
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('registry unreachable at http://127.0.0.1:9/apis/ccompat/v7');
  });

  test('without --registry nothing is sent to a registry', async () => {
    const registry = await startRegistry({});
    try {
      const result = await runTsxAsync(CLI, ['--root', repo], repo);
      expect(result.status).toBe(0);
      expect(registry.seen).toEqual([]);
      expect(result.stdout).not.toContain('[registry]');
    } finally {
      await registry.close();
    }
  });
});
