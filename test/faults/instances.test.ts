/**
 * Several instances of each service in the same consumer groups, as a deployment scales them: the
 * partitions are split between them, and a member that dies or that joins and leaves mid-stream moves
 * partitions without losing, repeating or reordering an event. Run by `npm run test:faults` only.
 */
import { createKafkaTransport } from '@contract-events/runtime/tools';
import { eventually } from '../e2e/support/system';
import { testStack } from '../support/stack-env';
import type { FaultSystem, Instance, ServiceName } from './support/fault-system';
import { runScenario, timeRecovery } from './support/scenario';

jest.setTimeout(400_000);

const quick = process.env.FAULT_SUITE === 'quick';
const services: ServiceName[] = ['user-service', 'order-service'];

const known = new Map<string, number[]>();

/** Every partition of a topic, from the broker (once per topic). */
async function partitionsOf(topic: string): Promise<number[]> {
  if (known.has(topic)) return known.get(topic)!;
  const admin = await createKafkaTransport({
    brokers: testStack.brokers,
    clientId: 'faults-instances',
  }).admin();
  try {
    const partitions = [...(await admin.endOffsets(topic)).keys()].sort((a, b) => a - b);
    known.set(topic, partitions);
    return partitions;
  } finally {
    await admin.disconnect();
  }
}

/** The owners' assignments, once each owns some partition, none is owned twice and none is left over. */
async function splitBetween(system: FaultSystem, service: ServiceName, owners: Instance[]) {
  const assignments = await Promise.all(owners.map((i) => system.partitions(service, i)));
  const topics = [...new Set(assignments.flatMap((a) => Object.keys(a)))];
  if (topics.length === 0 || assignments.some((a) => Object.values(a).flat().length === 0)) return undefined;
  for (const topic of topics) {
    const owned = assignments.flatMap((a) => a[topic] ?? []).sort((a, b) => a - b);
    if (JSON.stringify(owned) !== JSON.stringify(await partitionsOf(topic))) return undefined;
  }
  return assignments;
}

/** Waits until the group has split the partitions between exactly `owners`, and returns the split. */
async function awaitSplit(system: FaultSystem, service: ServiceName, owners: Instance[], timeoutMs = 60_000) {
  return eventually(() => splitBetween(system, service, owners), timeoutMs);
}

(quick ? test.skip : test)(
  'two instances of each service split the partitions; kill -9 of one: nothing lost, nothing applied twice',
  async () => {
    await runScenario({
      scenario: 'two instances, kill -9 one',
      faults: 'SIGKILL instance 2 of each service',
      instances: 2,
      async inject(system) {
        for (const service of services) {
          const split = await awaitSplit(system, service, [0, 1]);
          process.stdout.write(`${service} partitions: ${JSON.stringify(split)}\n`);
        }
        await Promise.all(services.map((service) => system.kill(service, 1)));
        // Recovered once the survivor owns every partition (the dead member's session has expired).
        return timeRecovery(system, async () => {
          for (const service of services) await awaitSplit(system, service, [0]);
        });
      },
    });
  },
);

(quick ? test.skip : test)(
  'a third instance joins and leaves mid-stream: two rebalances, nothing lost, nothing applied twice',
  async () => {
    await runScenario({
      scenario: 'rebalance: a third instance joins and leaves',
      faults: 'instance 3 of each service started, then stopped (SIGTERM)',
      instances: 2,
      async inject(system) {
        for (const service of services) await awaitSplit(system, service, [0, 1]);
        await Promise.all(services.map((service) => system.start(service, 2)));
        for (const service of services) await awaitSplit(system, service, [0, 1, 2]);
        await Promise.all(services.map((service) => system.terminate(service, 2)));
        return timeRecovery(system, async () => {
          for (const service of services) await awaitSplit(system, service, [0, 1]);
        });
      },
    });
  },
);
