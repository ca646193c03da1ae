/** Where the tests find the real stack: the same settings `npm run stack:up` uses. */
import { loadStackConfig, readSecuredListener } from '@contract-events/stack';

const stack = loadStackConfig();

export const testStack = {
  brokers: stack.kafka.brokers,
  /** The brokers with how to connect to them (PLAINTEXT for the stack's own broker), on KAFKA_CLIENT's client. */
  kafka: { brokers: stack.kafka.brokers, security: stack.kafka.security, client: stack.kafka.client },
  /** The stack broker's SASL_SSL listener; undefined when the stack was started without it. */
  securedKafka: stack.kafka.external ? undefined : readSecuredListener(stack),
  registryUrl: stack.registry.url,
  postgresAdminUrl: stack.postgres.adminUrl,
};

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}
