import { createEventCodec } from '../codec/event-codec';
import { dlqTopicSpec } from '../consumer/dead-letter';
import { createEventConsumer } from '../consumer/event-consumer';
import type { TopicName } from '../generated';
import { startLagMonitor } from '../observability/lag-monitor';
import { createServiceMetrics } from '../observability/metrics';
import { TRACING_OFF } from '../observability/tracing';
import { createOutbox } from '../outbox/outbox';
import { createOutboxRelay, type OutboxRelay } from '../outbox/outbox-relay';
import { createSchemaRegistry } from '../registry/schema-registry';
import { createKafkaTransport } from '../transport/kafka-transport';
import type { BatchConsumer, BatchProducer, TransportAdmin } from '../transport/types';
import { checkHealth } from './readiness';
import { createStartup } from './startup';
import type { ServiceRuntime, ServiceRuntimeOptions } from './types';

/**
 * Everything a service needs to exchange events: the codec, the outbox and its relay, the
 * idempotent consumer with its dead-letter topics, metrics and readiness. `createService`
 * (service-host.ts) builds it from a service's definition; services never touch Kafka or the
 * registry directly.
 */
export function createServiceRuntime(options: ServiceRuntimeOptions): ServiceRuntime {
  const { config, db, logger, handlers } = options;
  const topicName = (topic: TopicName) => options.topicNames?.[topic] ?? topic;
  const subjectFor = (topic: TopicName) => options.subjectNames?.[topic] ?? `${topicName(topic)}-value`;
  const metrics = createServiceMetrics(options.name);
  const registry = createSchemaRegistry(config.schemaRegistry);
  const codec = createEventCodec({ registry, subjectFor });
  const transport = createKafkaTransport({
    brokers: config.kafka.brokers,
    security: config.kafka.security,
    client: config.kafka.client,
    clientId: config.kafka.clientId,
    logger,
  });
  const consumedTopics = Object.keys(handlers) as TopicName[];
  const tracer = options.tracer ?? TRACING_OFF.tracer;

  const startup = options.startup ?? createStartup(logger);
  let started = false;
  let producer: BatchProducer | undefined;
  let admin: TransportAdmin | undefined;
  let relay: OutboxRelay | undefined;
  let consumer: BatchConsumer | undefined;
  let lagMonitor: { stop(): void } | undefined;
  let healthTimer: NodeJS.Timeout | undefined;

  const health = () =>
    checkHealth({
      db,
      admin,
      registry,
      metrics,
      startupStatus: () => (started ? undefined : startup.status()),
      consumer: () => ({
        joined: consumer ? consumer.isJoined() : consumedTopics.length === 0,
        partitions: consumer?.assignment() ?? {},
      }),
    });

  let starting: Promise<void> | undefined;

  async function run(): Promise<void> {
    // Keeps `dependency_up` current between probes of /health and /ready.
    healthTimer = setInterval(() => void health().catch(() => undefined), 10_000);
    healthTimer.unref();
    await startup.step('the schema registry', 'look up the schema ids', () => codec.init());
    admin = await startup.step('Kafka', 'connect the admin client', () => transport.admin());
    producer = await startup.step('Kafka', 'connect the producer', () => transport.producer());
    // Dead-letter topics belong to the consumer that writes them: created here, idempotently.
    await startup.step('Kafka', 'create the dead-letter topics', () =>
      admin!.ensureTopics(consumedTopics.map((t) => dlqTopicSpec(topicName(t)))),
    );
    relay = createOutboxRelay({
      db,
      databaseUrl: config.databaseUrl,
      producer,
      logger: logger.child({ component: 'outbox-relay' }),
      metrics,
      batchSize: options.relay?.batchSize,
      pollIntervalMs: options.relay?.pollIntervalMs,
      vacuumEveryRows: options.relay?.vacuumEveryRows,
      tracer,
    });
    await relay.start();
    if (consumedTopics.length > 0) {
      // The topics may not exist yet (schemas:register has not run): this waits for them too.
      const compactedTopics = await startup.step('Kafka', "read the consumed topics' cleanup policy", () =>
        compactedTopicsOf(admin!, consumedTopics, topicName),
      );
      consumer = createEventConsumer({
        transport,
        codec,
        db,
        logger: logger.child({ component: 'consumer' }),
        metrics,
        groupId: config.kafka.groupId,
        handlers,
        topicName,
        dlqProducer: producer,
        compactedTopics,
        tracer,
      });
      await startup.step('Kafka', 'subscribe to the consumed topics', () => consumer!.start());
      lagMonitor = startLagMonitor({
        admin,
        groupId: config.kafka.groupId,
        topics: consumedTopics.map(topicName),
        metrics,
        logger,
      });
    }
    started = true;
    logger.info(
      { consumes: consumedTopics.map(topicName), groupId: config.kafka.groupId },
      'event runtime started',
    );
  }

  return {
    // The relay runs in this process: the outbox wakes it after each commit, without a pg_notify.
    outbox: createOutbox({ codec, topicName, source: `/${options.name}`, wakeRelay: () => relay?.wake() }),
    metrics,
    start: () => (starting ??= run()),
    async stop() {
      // A start in progress ends at its next retry; what it opened is closed below.
      startup.abort();
      await starting?.catch(() => undefined);
      clearInterval(healthTimer);
      lagMonitor?.stop();
      lagMonitor = undefined;
      // Each step runs even when an earlier one failed, so nothing is left open behind an error.
      const steps: [string, (() => Promise<void>) | undefined][] = [
        ['consumer', consumer && (() => consumer!.stop())],
        ['outbox relay', relay && (() => relay!.stop())],
        ['producer', producer && (() => producer!.disconnect())],
        ['admin', admin && (() => admin!.disconnect())],
      ];
      let failed: unknown;
      for (const [name, step] of steps) {
        await step?.().catch((err: unknown) => {
          logger.error({ err }, `stopping the ${name} failed`);
          failed ??= err;
        });
      }
      consumer = relay = producer = admin = undefined;
      started = false;
      if (failed) throw failed;
    },
    readiness: health,
  };
}

/** The consumed topics whose actual cleanup policy (read from Kafka, not assumed) compacts. */
async function compactedTopicsOf(
  admin: TransportAdmin,
  topics: readonly TopicName[],
  topicName: (topic: TopicName) => string,
): Promise<Set<TopicName>> {
  const compacted = new Set<TopicName>();
  for (const topic of topics) {
    const config = await admin.topicConfig(topicName(topic), ['cleanup.policy']);
    if ((config['cleanup.policy'] ?? '').split(',').includes('compact')) compacted.add(topic);
  }
  return compacted;
}
