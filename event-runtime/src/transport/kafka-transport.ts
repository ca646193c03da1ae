import type { Logger } from 'pino';
import type { KafkaClientName } from '../config/env';
import type { KafkaSecurity } from '../config/kafka-security';
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
  // Only the chosen library is loaded: importing @platformatic/kafka alone adds about 50 MB to a
  // process's resident memory and kafkajs about 13 MB (measured with Node 22), which a service
  // using the other client would carry for nothing. A synchronous require keeps this factory
  // synchronous for its callers.
  /* eslint-disable @typescript-eslint/no-require-imports */
  switch (options.client ?? 'kafkajs') {
    case 'kafkajs': {
      const { createKafkajsTransport } =
        require('./kafkajs-transport') as typeof import('./kafkajs-transport');
      return createKafkajsTransport(options);
    }
    case 'platformatic': {
      const { createPlatformaticTransport } =
        require('./platformatic-transport') as typeof import('./platformatic-transport');
      return createPlatformaticTransport(options);
    }
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}
