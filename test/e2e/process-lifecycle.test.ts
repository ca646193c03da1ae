/**
 * A service as its own process, as `npm start` and docker compose run it: it starts from its
 * environment, answers /ready, and on SIGTERM drains and exits 0; a bad setting stops it at
 * startup with exit 1, naming the variable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { randomSuffix, testStack } from '../support/stack-env';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ensureRealContracts } from '../support/test-topics';
import { eventually, http } from './support/system';

jest.setTimeout(90_000);

const repoRoot = path.resolve(__dirname, '../..');
let db: TestDatabase;

beforeAll(async () => {
  // The process uses the real topic names: make sure the contracts are in place, as `npm start` does.
  await ensureRealContracts();
  db = await createTestDatabase([]);
});

afterAll(() => db?.drop());

function startUserService(env: Record<string, string>): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'user-service/src/main.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HTTP_PORT: '0',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testStack.brokers.join(','),
      SCHEMA_REGISTRY_URL: testStack.registryUrl,
      KAFKA_GROUP_ID: `lifecycle_${randomSuffix()}`,
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => lines.push(line));
  }
  return { child, lines };
}

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

test('starts, serves, and exits 0 on SIGTERM after draining', async () => {
  const { child, lines } = startUserService({});
  try {
    const url = await eventually(async () => {
      const listening = lines.map((l) => JSON.parse(l) as { msg?: string; url?: string }).find((l) => l.url);
      return listening?.url;
    });
    await eventually(async () => (await http('GET', `${url}/ready`)).status === 200);
    const created = await http('POST', `${url}/users`, {
      email: `life-${randomSuffix()}@example.com`,
      name: 'L',
    });
    expect(created.status).toBe(201);
    // The process's own relay publishes the user's event.
    await eventually(
      async () => (await db.db('outbox').where({ key: created.body.id }).first())?.published_at,
    );

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(lines.some((l) => l.includes('"signal":"SIGTERM"'))).toBe(true);
  } finally {
    child.kill('SIGKILL');
  }
});

test('a bad setting stops startup with exit 1, naming the variable', async () => {
  const { child, lines } = startUserService({ HTTP_PORT: 'not-a-port' });
  expect(await exitCode(child)).toBe(1);
  expect(lines.join('\n')).toContain('HTTP_PORT');
});
