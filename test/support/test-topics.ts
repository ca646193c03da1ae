import path from 'node:path';
import type { TopicName } from '@contract-events/runtime/tools';
import { registerContracts } from '@contract-events/runtime/tools';
import { createSchemaRegistry } from '@contract-events/runtime/tools';
import { createKafkaTransport, removeSuffixedTopics } from '@contract-events/runtime/tools';
import { randomSuffix, testStack } from './stack-env';

export interface TestTopics {
  /** Logical topic → the random Kafka topic this test uses. */
  names: Record<TopicName, string>;
  remove(): Promise<void>;
}

/** Applies schemas/ (topics, settings, subjects) with each topic named by `nameFor`. */
async function applyContracts(
  nameFor: (topic: string) => string,
  brokers: string[] = testStack.kafka.brokers,
): Promise<void> {
  const admin = await createKafkaTransport({ ...testStack.kafka, brokers, clientId: 'test-topics' }).admin();
  try {
    await registerContracts({
      admin,
      registry: createSchemaRegistry({ url: testStack.registryUrl }),
      schemasDir: path.resolve(__dirname, '../../schemas'),
      topicNameFor: nameFor,
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * The real topics and subjects, as `npm run schemas:register` makes them (for tests of whole processes
 * and CLIs), on the stack's Kafka or on `brokers` (another cluster, with the stack's security settings).
 */
export function ensureRealContracts(brokers?: string[]): Promise<void> {
  return applyContracts((topic) => topic, brokers);
}

/** Random topic names for every contract, not created yet: `create()` applies schemas/ to them. */
export interface PlannedTestTopics extends TestTopics {
  create(): Promise<void>;
}

/** Names a test's own topics without creating them, for tests of what happens before they exist. */
export function planTestTopics(): PlannedTestTopics {
  const suffix = randomSuffix();
  const nameFor = (topic: string) => `${topic}_${suffix}`;
  const transport = createKafkaTransport({ ...testStack.kafka, clientId: 'test-topics' });
  return {
    names: { user_created: nameFor('user_created'), order_created: nameFor('order_created') },
    create: () => applyContracts(nameFor),
    remove: () => removeSuffixedTopics(transport, suffix),
  };
}

/**
 * Every contract from schemas/ under random topic names (topics created with their settings,
 * schemas registered under `<random topic>-value`), so tests never share a topic or group.
 */
export async function createTestTopics(): Promise<TestTopics> {
  const topics = planTestTopics();
  await topics.create();
  return topics;
}
