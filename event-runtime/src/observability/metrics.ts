import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per service instance (never prom-client's global one), so two
 * instances in one process, as in tests, do not collide.
 */
export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  eventsProduced: Counter<'topic'>;
  eventsConsumed: Counter<'topic' | 'outcome'>;
  deadLetters: Counter<'topic' | 'code'>;
  outboxBacklog: Gauge;
  outboxOldestAgeSeconds: Gauge;
  consumerLag: Gauge<'topic' | 'partition'>;
  dependencyUp: Gauge<'dependency'>;
}

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    eventsProduced: new Counter({
      name: 'events_produced_total',
      help: 'Events published to Kafka by the outbox relay',
      labelNames: ['topic'],
      registers,
    }),
    eventsConsumed: new Counter({
      name: 'events_consumed_total',
      help: 'Events consumed, by outcome: applied, duplicate (already in the inbox) or dead_lettered',
      labelNames: ['topic', 'outcome'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'dead_letters_total',
      help: 'Messages sent to a dead-letter topic, by source topic and error code',
      labelNames: ['topic', 'code'],
      registers,
    }),
    outboxBacklog: new Gauge({
      name: 'outbox_backlog',
      help: 'Committed outbox rows not yet published',
      registers,
    }),
    outboxOldestAgeSeconds: new Gauge({
      name: 'outbox_oldest_age_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when empty)',
      registers,
    }),
    dependencyUp: new Gauge({
      name: 'dependency_up',
      help: 'Whether a dependency answered its last health check (1) or not (0): database, kafka, registry, consumer (group joined)',
      labelNames: ['dependency'],
      registers,
    }),
    consumerLag: new Gauge({
      name: 'consumer_lag',
      help: "Messages the consumer group has not committed yet, per partition: the broker's end offset minus the group's committed offset (the whole partition before its first commit), refreshed on a timer",
      labelNames: ['topic', 'partition'],
      registers,
    }),
  };
}
