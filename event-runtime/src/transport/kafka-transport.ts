import type { Logger } from 'pino';
import type { KafkaClientName } from '../config/env';
import type { KafkaSecurity } from '../config/kafka-security';
import { createKafkajsTransport } from './kafkajs-transport';
import { createPlatformaticTransport } from './platformatic-transport';
import type { EventTransport } from './types';

export interface KafkaTransportOptions {
  brokers: string[];
  /** TLS and SASL (config/kafka-security.ts); PLAINTEXT when absent. */
  security?: KafkaSecurity;
  /** The client library (KAFKA_CLIENT, read with the rest of the Kafka config); kafkajs when absent. */
  client?: KafkaClientName;
  clientId: string;
  logger?: Logger;
  /** Command-line tools want an unreachable broker reported fast, not after a minute of retries. */
  failFast?: boolean;
}

/**
 * The runtime's Kafka interface on the client `options.client` names: kafkajs (the default) or
 * @platformatic/kafka. Callers pass the KafkaConnection they read (brokers, security, client) and
 * never see which library runs underneath.
 */
export function createKafkaTransport(options: KafkaTransportOptions): EventTransport {
  switch (options.client ?? 'kafkajs') {
    case 'kafkajs':
      return createKafkajsTransport(options);
    case 'platformatic':
      return createPlatformaticTransport(options);
  }
}
