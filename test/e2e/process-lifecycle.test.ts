/**
 * A service as its own process, as `npm start` and docker compose run it: it starts from its
 * environment, answers /ready, and on SIGTERM drains and exits 0; a bad setting stops it at
 * startup with exit 1, naming the variable.
 */
import { randomSuffix } from '../support/stack-env';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ensureRealContracts } from '../support/test-topics';
import { startUserServiceProcess } from './support/service-process';
import { eventually, http } from './support/system';

jest.setTimeout(90_000);

let db: TestDatabase;

beforeAll(async () => {
  // The process uses the real topic names: make sure the contracts are in place, as `npm start` does.
  await ensureRealContracts();
  db = await createTestDatabase([]);
});

afterAll(() => db?.drop());

test('starts, serves, and exits 0 on SIGTERM after draining', async () => {
  const service = startUserServiceProcess({ DATABASE_URL: db.url });
  const { child, lines } = service;
  try {
    const url = await service.url();
    await eventually(async () => (await http('GET', `${url}/ready`)).status === 200);
    const created = await http('POST', `${url}/users`, {
      email: `life-${randomSuffix()}@example.com`,
      name: 'L',
    });
    expect(created.status).toBe(201);
    // The process's own relay publishes the user's event, and deletes its row.
    await eventually(
      async () => (await db.db('outbox').where({ key: created.body.id }).first()) === undefined,
    );

    child.kill('SIGTERM');
    expect(await service.exitCode()).toBe(0);
    expect(lines.some((l) => l.includes('"signal":"SIGTERM"'))).toBe(true);
  } finally {
    child.kill('SIGKILL');
  }
});

test('a bad setting stops startup with exit 1, naming the variable', async () => {
  const service = startUserServiceProcess({ DATABASE_URL: db.url, HTTP_PORT: 'not-a-port' });
  expect(await service.exitCode()).toBe(1);
  expect(service.lines.join('\n')).toContain('HTTP_PORT');
});
