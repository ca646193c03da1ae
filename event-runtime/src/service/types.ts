import type { Tracer } from '@opentelemetry/api';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { CommonServiceConfig } from '../config/env';
import type { TopicName } from '../generated';
import type { EventHandlers } from '../consumer/types';
import type { ReadinessReport } from '../http/readiness-report';
import type { ServiceMetrics } from '../observability/metrics';
import type { Outbox } from '../outbox/outbox';
import type { OutboxRelayOptions } from '../outbox/outbox-relay';
import type { Startup } from './startup';

/** What `createServiceRuntime` needs: the service's name, config, database, logger and handlers. */
export interface ServiceRuntimeOptions {
  name: string;
  config: CommonServiceConfig;
  db: Knex;
  logger: Logger;
  handlers: EventHandlers;
  /** Actual Kafka topic per logical topic; tests map each to a random topic. Default: the same name. */
  topicNames?: Partial<Record<TopicName, string>>;
  /** Registry subject per logical topic. Default: `<actual topic>-value`. */
  subjectNames?: Partial<Record<TopicName, string>>;
  relay?: Pick<OutboxRelayOptions, 'batchSize' | 'pollIntervalMs' | 'vacuumEveryRows'>;
  /** The service's start-up, shared with the host's own steps (migrations); default one of its own. */
  startup?: Startup;
  /** The service's tracer (observability/tracing.ts); default tracing off. */
  tracer?: Tracer;
}

/** A service's event machinery: its outbox, metrics, lifecycle and readiness. */
export interface ServiceRuntime {
  outbox: Outbox;
  metrics: ServiceMetrics;
  /**
   * Looks up schema ids, connects to Kafka, starts the relay and the consumer, each step retried while
   * its dependency is unreachable. Rejects on a permanent error (e.g. a subject not registered).
   */
  start(): Promise<void>;
  /**
   * Ends a start in progress, stops the consumer (in-flight batch finished, offsets committed), then
   * the relay; closes Kafka clients.
   */
  stop(): Promise<void>;
  /** Every dependency's state; `ready` once started and while the database answers (see readiness.ts). */
  readiness(): Promise<ReadinessReport>;
}
