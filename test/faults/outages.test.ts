/**
 * A dependency unreachable for 30 s mid-stream, each service cut off from it through a TCP proxy the
 * test runs (the registry keeps its own storage in the same PostgreSQL, so the server itself stays up).
 * Run by `npm run test:faults` only.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { http } from '../e2e/support/system';
import type { ServiceName } from './support/fault-system';
import { deadLetters, runScenario, timeRecovery } from './support/scenario';

jest.setTimeout(300_000);

const quick = process.env.FAULT_SUITE === 'quick';
const OUTAGE_MS = 30_000;
const services: ServiceName[] = ['user-service', 'order-service'];

(quick ? test.skip : test)(
  'the registry frozen for 30 s: writes and consumption go on from cached schemas',
  async () => {
    await runScenario({
      scenario: 'registry frozen 30 s',
      faults: 'registry connections held, never answered',
      async inject(system) {
        const usersBefore = Number((await system.usersDb.db('users').count({ n: '*' }))[0]?.n);
        await system.proxies.registry.freeze();
        await sleep(OUTAGE_MS / 2);
        // Still ready: the registry is only needed for schema ids it has already given.
        for (const service of services)
          expect((await http('GET', `${system.url(service)}/ready`)).status).toBe(200);
        await sleep(OUTAGE_MS / 2);
        const usersDuring = Number((await system.usersDb.db('users').count({ n: '*' }))[0]?.n);
        expect(usersDuring).toBeGreaterThan(usersBefore);
        return timeRecovery(system, () => system.proxies.registry.unblock());
      },
      async afterwards(system) {
        expect(await deadLetters(system)).toBe(0);
      },
    });
  },
);

(quick ? test.skip : test)(
  'PostgreSQL unreachable for 30 s: 503 database_unavailable at once, nothing skipped',
  async () => {
    await runScenario({
      scenario: 'PostgreSQL unreachable 30 s',
      faults: "both services' database connections refused",
      async inject(system) {
        await Promise.all(services.map((s) => system.proxies.database[s].block()));
        await sleep(2000);
        const refused = await http('POST', `${system.url('user-service')}/users`, {
          email: 'no-db@example.com',
          name: 'No Database',
        });
        expect(refused.status).toBe(503);
        expect(refused.body.error.code).toBe('database_unavailable');
        await sleep(OUTAGE_MS - 2000);
        return timeRecovery(system, async () => {
          await Promise.all(services.map((s) => system.proxies.database[s].unblock()));
        });
      },
      async afterwards(system, load) {
        // The consumers waited for the database instead of dead-lettering what they could not write.
        expect(await deadLetters(system)).toBe(0);
        // Refused requests were told to retry: no 500 (a lost connection mistaken for a bug), none dropped.
        const unexpected = Object.keys(load.failures).filter(
          (answer) => answer === 'no answer' || (answer.startsWith('5') && !answer.startsWith('503 ')),
        );
        expect(unexpected).toEqual([]);
      },
    });
  },
);
