/**
 * `schemas:check --registry` against the real registry, before the candidate is registered: the
 * registry's verdict covers every version the subject's level requires, so a change that only the
 * oldest version breaks still fails the check (the latest-version endpoint alone would pass it).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSchemaRegistry } from '@contract-events/runtime/tools';
import { runTsxAsync, tmpDir, writeJsonFiles } from '../../../../test/support/cli-process';
import { randomSuffix, testStack } from '../../../../test/support/stack-env';

const CLI = 'schema-gate/src/cli/schemas-check.ts';

const record = (fields: object[]) => ({ type: 'record', name: 'Probe', namespace: 'gate.test', fields });
const id = { name: 'id', type: 'string' };
const v1 = record([id]);
const v2 = record([id, { name: 'b', type: 'string', default: '' }]);
/** Reads v2's events, not v1's: `b` has no default. */
const breaksOnlyV1 = record([id, { name: 'b', type: 'string' }]);
const compatible = record([
  id,
  { name: 'b', type: 'string', default: '' },
  { name: 'c', type: 'int', default: 0 },
]);

/** A repository whose one topic's candidate schema is `candidate`, committed on main. */
function repoWith(topic: string, candidate: object): string {
  const repo = tmpDir('schemas-check-real-registry');
  writeJsonFiles(path.join(repo, 'schemas'), {
    'topics.json': {
      defaults: { compatibility: 'BACKWARD_TRANSITIVE', partitions: 1, replicationFactor: 1 },
      topics: { [topic]: { schema: `${topic}.avsc`, key: 'id', config: {} } },
    },
    [`${topic}.avsc`]: candidate,
  });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'candidate');
  return repo;
}

describe('schemas:check --registry against the real registry', () => {
  const topic = `gate_${randomSuffix()}`;
  const repos: string[] = [];
  const check = (candidate: object) => {
    const repo = repoWith(topic, candidate);
    repos.push(repo);
    return runTsxAsync(CLI, ['--root', repo, '--registry', testStack.registryUrl], repo);
  };

  beforeAll(async () => {
    const registry = createSchemaRegistry({ url: testStack.registryUrl });
    const subject = `${topic}-value`;
    await registry.register(subject, v1);
    await registry.setCompatibility(subject, 'BACKWARD_TRANSITIVE');
    await registry.register(subject, v2);
  });
  afterAll(() => {
    for (const repo of repos) fs.rmSync(repo, { recursive: true, force: true });
  });

  test('a change that breaks an older registered version exits 1 with the registry verdict', async () => {
    const result = await check(breaksOnlyV1);
    expect(result.stdout).toContain(`${topic}-value: REGISTRY_INCOMPATIBLE`);
    expect(result.status).toBe(1);
  });

  test('a change every registered version can take exits 0', async () => {
    const result = await check(compatible);
    expect(result.stdout).toContain(`ok [registry] schemas/${topic}.avsc (${topic})`);
    expect(result.status).toBe(0);
  });
});
