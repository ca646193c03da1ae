/**
 * Crashes mid-stream, against the real stack: users and orders keep coming through the REST APIs
 * while a process is killed with SIGKILL and started again; afterwards every committed write is in
 * the other service's projection exactly once. Each scenario prints one line (see verify.ts) with
 * the time from the restart until the restarted process answered /ready and until every consumer
 * had rejoined its group.
 *
 * `npm run test:faults` runs every scenario; `npm test` runs one (FAULT_SUITE=quick).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { kafkaProcess, killProcess, loadStackConfig, startKafka } from '@contract-events/stack';
import { createFaultSystem, type FaultSystem, type ServiceName } from './support/fault-system';
import { startLoad } from './support/load';
import { reportLine, verifyEndState } from './support/verify';

jest.setTimeout(300_000);

const stack = loadStackConfig();
const quick = process.env.FAULT_SUITE === 'quick';

interface Recovery {
  /** From the restart until the restarted component answered (the service's /ready, or the broker). */
  readyMs: number;
  /** From the restart until both services were ready with their consumers in their groups. */
  settledMs: number;
}

async function runScenario(
  scenario: string,
  faults: string,
  inject: (system: FaultSystem) => Promise<Recovery>,
): Promise<void> {
  const system = await createFaultSystem();
  try {
    await system.start('user-service');
    await system.start('order-service');
    await system.settled();
    const load = startLoad({
      users: () => system.url('user-service'),
      orders: () => system.url('order-service'),
    });
    await sleep(4000);
    const recovery = await inject(system);
    await sleep(4000);
    const requests = await load.stop();
    const outcome = await verifyEndState(system);
    const line = reportLine(scenario, faults, outcome, recovery.settledMs);
    process.stdout.write(
      `${line} | ready in: ${(recovery.readyMs / 1000).toFixed(1)} s | requests: ${requests.requests} (${requests.failed} refused)\n`,
    );
    expect(outcome.committed.users).toBeGreaterThan(0);
    expect(outcome.committed.orders).toBeGreaterThan(0);
    expect({ lost: outcome.lost, duplicated: outcome.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  } finally {
    await system.stop();
  }
}

const services: ServiceName[] = quick ? ['order-service'] : ['order-service', 'user-service'];

test.each(services)('kill -9 of the %s mid-stream: nothing lost, nothing applied twice', async (service) => {
  await runScenario(`kill -9 ${service}`, `SIGKILL ${service}, restart`, async (system) => {
    await system.kill(service);
    const restartedAt = Date.now();
    await system.start(service);
    const readyMs = Date.now() - restartedAt;
    await system.settled();
    return { readyMs, settledMs: Date.now() - restartedAt };
  });
});

(stack.kafka.external || quick ? test.skip : test)(
  'kill -9 of the broker mid-stream: nothing lost, nothing applied twice',
  async () => {
    try {
      await runScenario('kill -9 broker', 'SIGKILL kafka, restart after 3 s', async (system) => {
        await killProcess(kafkaProcess(stack));
        await sleep(3000);
        const restartedAt = Date.now();
        await startKafka(stack);
        const readyMs = Date.now() - restartedAt;
        await system.settled();
        return { readyMs, settledMs: Date.now() - restartedAt };
      });
    } finally {
      await startKafka(stack); // whatever happened, leave the stack as we found it
    }
  },
);
