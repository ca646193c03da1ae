/** Where the tests find the real stack: the same settings `npm run stack:up` uses. */
import { loadStackConfig } from '@contract-events/stack';

const stack = loadStackConfig();

export const testStack = {
  brokers: stack.kafka.brokers,
  registryUrl: stack.registry.url,
  postgresAdminUrl: stack.postgres.adminUrl,
};

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}
