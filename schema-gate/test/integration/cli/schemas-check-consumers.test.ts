/**
 * schemas:check names, for a changed topic, each consumer in the services manifest and whether the
 * schema it was built with reads the new events, and each producer and whether its old events stay
 * readable: offline against git history, and against the real registry's versions.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSchemaRegistry } from '@contract-events/runtime/tools';
import { runTsx, runTsxAsync, tmpDir, writeJsonFiles } from '../../../../test/support/cli-process';
import { randomSuffix, testStack } from '../../../../test/support/stack-env';

const CLI = 'schema-gate/src/cli/schemas-check.ts';
const MANIFEST = 'event-runtime/src/generated/services.json';

const record = (fields: object[]) => ({ type: 'record', name: 'Signup', namespace: 'gate.test', fields });
const id = { name: 'id', type: 'string' };
const email = { name: 'email', type: 'string' };
const v1 = record([id, email]);
const v2 = record([id, email, { name: 'plan', type: 'string', default: 'free' }]);
/** Drops email, which readers built with v1 or v2 require. */
const withoutEmail = record([id, { name: 'plan', type: 'string', default: 'free' }]);
/** plan required: v2's events have it, v1's do not. */
const planRequired = record([id, email, { name: 'plan', type: 'string' }]);

/** A git repository on main whose one topic's schema is `schema`, with a manifest naming its services. */
function repoWith(topic: string, schema: object): { repo: string; commit: (s: object) => void } {
  const repo = tmpDir('schemas-check-consumers');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo });
  const commit = (s: object) => {
    writeJsonFiles(path.join(repo, 'schemas'), { [`${topic}.avsc`]: s });
    git('add', '-A');
    git('commit', '-q', '-m', 'schema');
  };
  writeJsonFiles(path.join(repo, 'schemas'), {
    'topics.json': {
      defaults: { compatibility: 'FULL_TRANSITIVE', partitions: 1, replicationFactor: 1 },
      topics: { [topic]: { schema: `${topic}.avsc`, key: 'id', config: {} } },
    },
  });
  writeJsonFiles(path.dirname(path.join(repo, MANIFEST)), {
    'services.json': {
      services: {
        'signup-service': { consumes: [], produces: [topic] },
        'mailer-service': { consumes: [topic], produces: [] },
      },
    },
  });
  git('init', '-q', '-b', 'main');
  commit(schema);
  return { repo, commit };
}

const lineOf = (file: string, needle: string): number =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

describe('schemas:check: consumers and producers of a changed topic', () => {
  const repos: string[] = [];
  const subjects: string[] = [];
  afterAll(async () => {
    for (const repo of repos) fs.rmSync(repo, { recursive: true, force: true });
    const registry = createSchemaRegistry({ url: testStack.registryUrl });
    // Soft delete, then permanent: the registry keeps nothing of the test.
    for (const subject of subjects) {
      await registry.deleteSubject(subject, { permanent: true }).catch(() => undefined);
    }
  });

  test('offline: the consumer built from the merge base breaks at the dropped field; old events stay readable', () => {
    const topic = `signup_${randomSuffix()}`;
    const { repo, commit } = repoWith(topic, v1);
    repos.push(repo);
    commit(v2);
    const base = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
    const first = execFileSync('git', ['rev-list', '--max-parents=0', 'HEAD'], {
      cwd: repo,
      encoding: 'utf8',
    })
      .trim()
      .slice(0, 12);
    writeJsonFiles(path.join(repo, 'schemas'), { [`${topic}.avsc`]: withoutEmail });
    const file = `schemas/${topic}.avsc`;
    const result = runTsx(CLI, ['--root', repo], repo);
    expect(result.status).toBe(1);
    const line = lineOf(path.join(repo, file), '"Signup"');
    expect(result.stdout).toContain(
      `${file}:${line}: mailer-service reads ${topic} with the schema it was built with (${base}): breaks at ` +
        'Signup.email (READER_FIELD_MISSING_DEFAULT)',
    );
    expect(result.stdout).toContain(
      `${file}: signup-service's old ${topic} events (2 versions: ${first}, ${base}) stay readable by the new schema`,
    );
  });

  test('offline: an unchanged schema names no service', () => {
    const topic = `signup_${randomSuffix()}`;
    const { repo } = repoWith(topic, v1);
    repos.push(repo);
    const result = runTsx(CLI, ['--root', repo], repo);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('mailer-service');
  });

  describe('against the real registry (its registered versions are the old ones)', () => {
    const topic = `signup_${randomSuffix()}`;
    const subject = `${topic}-value`;
    beforeAll(async () => {
      subjects.push(subject);
      const registry = createSchemaRegistry({ url: testStack.registryUrl });
      await registry.register(subject, v1);
      await registry.setCompatibility(subject, 'FULL_TRANSITIVE');
      await registry.register(subject, v2);
    });

    const check = async (candidate: object, ...extra: string[]) => {
      const { repo } = repoWith(topic, candidate);
      repos.push(repo);
      const args = ['--root', repo, '--registry', testStack.registryUrl, ...extra];
      return { repo, result: await runTsxAsync(CLI, args, repo) };
    };

    test('a consumer built with the latest registered version breaks where the new schema drops its field', async () => {
      const { repo, result } = await check(withoutEmail);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(`${subject}: REGISTRY_INCOMPATIBLE`);
      const file = `schemas/${topic}.avsc`;
      expect(result.stdout).toContain(
        `${file}:${lineOf(path.join(repo, file), '"Signup"')}: mailer-service reads ${topic} with the schema it was ` +
          `built with (${subject} v2): breaks at Signup.email (READER_FIELD_MISSING_DEFAULT)`,
      );
      expect(result.stdout).toContain(
        `${file}: signup-service's old ${topic} events (2 versions: ${subject} v1, ${subject} v2) stay readable by ` +
          'the new schema',
      );
    });

    test('a field only v2 wrote, made required: the consumer reads, the producer’s v1 events break (--format github)', async () => {
      const { repo, result } = await check(planRequired, '--format', 'github');
      expect(result.status).toBe(1);
      const file = `schemas/${topic}.avsc`;
      const plan = lineOf(path.join(repo, file), '"plan"');
      expect(result.stdout).toContain(
        `${file}: mailer-service reads ${topic} with the schema it was built with (${subject} v2): reads the new schema`,
      );
      expect(result.stdout.split('\n')).toContain(
        `::error file=${file},line=${plan},title=READER_FIELD_MISSING_DEFAULT::signup-service's old ${topic} events ` +
          `are not all readable by the new schema: breaks at Signup.plan (READER_FIELD_MISSING_DEFAULT) in events ` +
          `written with ${subject} v1`,
      );
    });
  });
});
