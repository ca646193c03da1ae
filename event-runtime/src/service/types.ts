import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { CommonServiceConfig } from '../config/env';
import type { TopicName } from '../generated';
import type { EventHandlers } from '../consumer/types';
import type { ReadinessReport } from '../http/readiness-report';
import type { ServiceMetrics } from '../observability/metrics';
import type { Outbox } from '../outbox/outbox';

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
  relay?: { batchSize?: number; pollIntervalMs?: number };
}

/** A service's event machinery: its outbox, metrics, lifecycle and readiness. */
export interface ServiceRuntime {
  outbox: Outbox;
  metrics: ServiceMetrics;
  /** Looks up schema ids (fails fast naming an unregistered subject), starts the relay and the consumer. */
  start(): Promise<void>;
  /** Stops the consumer (in-flight batch finished, offsets committed), then the relay; closes Kafka clients. */
  stop(): Promise<void>;
  readiness(): Promise<ReadinessReport>;
}
