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
import type { ServiceName } from './support/fault-system';
import { runScenario, timeRecovery } from './support/scenario';

jest.setTimeout(300_000);

const stack = loadStackConfig();
const quick = process.env.FAULT_SUITE === 'quick';
const services: ServiceName[] = quick ? ['order-service'] : ['order-service', 'user-service'];

test.each(services)('kill -9 of the %s mid-stream: nothing lost, nothing applied twice', async (service) => {
  await runScenario({
    scenario: `kill -9 ${service}`,
    faults: `SIGKILL ${service}, restart`,
    async inject(system) {
      await system.kill(service);
      return timeRecovery(system, () => system.start(service));
    },
  });
});

(stack.kafka.external || quick ? test.skip : test)(
  'kill -9 of the broker mid-stream: nothing lost, nothing applied twice',
  async () => {
    try {
      await runScenario({
        scenario: 'kill -9 broker',
        faults: 'SIGKILL kafka, restart after 3 s',
        async inject(system) {
          await killProcess(kafkaProcess(stack));
          await sleep(3000);
          return timeRecovery(system, () => startKafka(stack));
        },
      });
    } finally {
      await startKafka(stack); // whatever happened, leave the stack as we found it
    }
  },
);
