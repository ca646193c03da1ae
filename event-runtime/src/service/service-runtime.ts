import { createEventCodec } from '../codec/event-codec';
import { dlqTopicSpec } from '../consumer/dead-letter';
import { createEventConsumer } from '../consumer/event-consumer';
import type { TopicName } from '../generated';
import { startLagMonitor } from '../observability/lag-monitor';
import { createServiceMetrics } from '../observability/metrics';
import { createOutbox } from '../outbox/outbox';
import { createOutboxRelay, type OutboxRelay } from '../outbox/outbox-relay';
import { createSchemaRegistry } from '../registry/schema-registry';
import { createKafkaTransport } from '../transport/kafkajs-transport';
import type { BatchConsumer, BatchProducer, TransportAdmin } from '../transport/types';
import { checkReadiness } from './readiness';
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
  const registry = createSchemaRegistry({ url: config.schemaRegistryUrl });
  const codec = createEventCodec({ registry, subjectFor });
  const transport = createKafkaTransport({
    brokers: config.kafka.brokers,
    clientId: config.kafka.clientId,
    logger,
  });
  const consumedTopics = Object.keys(handlers) as TopicName[];

  let producer: BatchProducer | undefined;
  let admin: TransportAdmin | undefined;
  let relay: OutboxRelay | undefined;
  let consumer: BatchConsumer | undefined;
  let lagMonitor: { stop(): void } | undefined;

  return {
    outbox: createOutbox({ codec, topicName }),
    metrics,
    async start() {
      await codec.init();
      admin = await transport.admin();
      producer = await transport.producer();
      // Dead-letter topics belong to the consumer that writes them: created here, idempotently.
      await admin.ensureTopics(consumedTopics.map((t) => dlqTopicSpec(topicName(t))));
      relay = createOutboxRelay({
        db,
        databaseUrl: config.databaseUrl,
        producer,
        logger: logger.child({ component: 'outbox-relay' }),
        metrics,
        batchSize: options.relay?.batchSize,
        pollIntervalMs: options.relay?.pollIntervalMs,
      });
      await relay.start();
      if (consumedTopics.length > 0) {
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
        });
        await consumer.start();
        lagMonitor = startLagMonitor({
          admin,
          groupId: config.kafka.groupId,
          topics: consumedTopics.map(topicName),
          metrics,
          logger,
        });
      }
      logger.info(
        { consumes: consumedTopics.map(topicName), groupId: config.kafka.groupId },
        'event runtime started',
      );
    },
    async stop() {
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
      if (failed) throw failed;
    },
    readiness: () =>
      checkReadiness({
        db,
        admin,
        registry,
        consumerJoined: consumer ? consumer.isJoined() : consumedTopics.length === 0,
      }),
  };
}
