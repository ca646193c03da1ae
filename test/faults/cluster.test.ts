/**
 * The production shape: a three-node KRaft cluster (its own, beside the stack's single broker; the
 * registry and PostgreSQL are the stack's), the contract topics with three replicas and
 * min.insync.replicas=2 from the brokers' defaults, and the node leading an `order_created` partition
 * killed mid-stream. Clients see nothing but retries: every HTTP request succeeds, both services stay
 * ready, nothing is dead-lettered, lost or applied twice.
 *
 * Run by `npm run test:faults` only. The cluster listens on 9192-9197 (`STACK_CLUSTER_KAFKA_PORT` moves
 * it) and keeps its data in `.stack/cluster/`; it is stopped afterwards.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import {
  kafkaNodeBroker,
  kafkaProcess,
  killProcess,
  loadStackConfig,
  replicationDefaults,
  stackDown,
  startKafka,
  type StackConfig,
} from '@contract-events/stack';
import { http } from '../e2e/support/system';
import { deadLetters, runScenario, timeRecovery } from './support/scenario';

jest.setTimeout(600_000);

const stack = loadStackConfig();
const quick = process.env.FAULT_SUITE === 'quick';
const NODES = 3;

function clusterConfig(): StackConfig {
  const { KAFKA_BROKERS: _external, ...env } = process.env;
  const port = Number(process.env.STACK_CLUSTER_KAFKA_PORT ?? 9192);
  return loadStackConfig({
    ...env,
    STACK_KAFKA_BROKERS: String(NODES),
    STACK_KAFKA_PORT: String(port),
    STACK_KAFKA_CONTROLLER_PORT: String(port + 1),
    STACK_KAFKA_SASL_PORT: '0',
    STACK_STATE_DIR: path.join(stack.stateDir, 'cluster'),
  });
}

async function withAdmin<T>(brokers: string[], use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: 'cluster-fault-test', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Each partition's leader and replicas, as the cluster's metadata says. */
const partitionsOf = (brokers: string[], topic: string) =>
  withAdmin(brokers, async (admin) => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]?.partitions ?? [];
  });

/** The topic's effective min.insync.replicas (its own or the brokers' default). */
const minInsyncReplicasOf = (brokers: string[], topic: string) =>
  withAdmin(brokers, async (admin) => {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
    });
    return resources[0]?.configEntries[0]?.configValue;
  });

const describeCluster = stack.kafka.external || quick ? describe.skip : describe;

describeCluster('a three-node Kafka cluster', () => {
  const cluster = clusterConfig();

  beforeAll(async () => {
    await startKafka(cluster);
  }, 300_000);

  afterAll(async () => {
    await stackDown(cluster, () => undefined);
  }, 120_000);

  test('kill -9 of the broker leading a partition: only retries, nothing lost, nothing applied twice', async () => {
    const brokers = cluster.kafka.brokers;
    let killed = 0;
    await runScenario({
      scenario: 'kill -9 one of 3 brokers',
      faults: 'SIGKILL the leader of order_created/0, restarted once its partitions moved',
      // A node's partitions move once the controller fences it (about 9 s): until then new users wait in
      // the relay. The client waits for them as long as that takes, with the cap raised to match.
      system: { kafkaBrokers: brokers, env: { PROJECTION_WAIT_MAX_MS: '30000' } },
      waitForUserSeconds: 30,
      async inject(system) {
        const expected = replicationDefaults(NODES);
        for (const topic of ['user_created', 'order_created']) {
          expect(await minInsyncReplicasOf(brokers, topic)).toBe(String(expected.minInsyncReplicas));
          for (const p of await partitionsOf(brokers, topic))
            expect(p.replicas).toHaveLength(expected.replicationFactor);
        }
        const leader = (await partitionsOf(brokers, 'order_created')).find(
          (p) => p.partitionId === 0,
        )?.leader;
        expect(leader).toBeGreaterThan(0);
        killed = leader!;
        await killProcess(kafkaProcess(cluster, killed));
        const survivor = [kafkaNodeBroker(cluster, (killed % NODES) + 1)];
        // Metadata only (no request a dead node could be asked); an error is an answer of "not yet".
        const ledBySurvivors = () =>
          partitionsOf(survivor, 'order_created').then(
            (partitions) => partitions.every((p) => p.leader > 0 && p.leader !== killed),
            () => false,
          );
        // The controller fences the node once its heartbeats stop (broker.session.timeout.ms, 9 s) and
        // moves its partitions to in-sync replicas. Meanwhile both services stay ready: writes go to the
        // outbox, and the relay retries its batch until a new leader takes it.
        const down = Date.now();
        let movedAfterMs: number | undefined;
        // Down for at least 10 s, and until the others lead every partition (at most a minute).
        while (Date.now() - down < 10_000 || movedAfterMs === undefined) {
          expect(Date.now() - down).toBeLessThan(60_000);
          for (const service of ['user-service', 'order-service'] as const)
            expect((await http('GET', `${system.url(service)}/ready`)).status).toBe(200);
          if (movedAfterMs === undefined && (await ledBySurvivors())) movedAfterMs = Date.now() - down;
          await sleep(500);
        }
        process.stdout.write(
          `cluster: node ${killed} killed; the others led all its partitions within ${(movedAfterMs / 1000).toFixed(1)} s; restarted after ${((Date.now() - down) / 1000).toFixed(1)} s\n`,
        );
        return timeRecovery(system, () => startKafka(cluster));
      },
      async afterwards(system, load) {
        expect(load.failed).toBe(0);
        expect(await deadLetters(system)).toBe(0);
      },
    });
    expect(killed).toBeGreaterThan(0);
  });
});
