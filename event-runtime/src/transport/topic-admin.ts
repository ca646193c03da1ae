import { KafkaError } from '../errors';
import { pollUntil, PollTimeoutError } from '../retry';
import { kafkaCall } from './kafka-errors';
import { LEADER_WAIT_MS } from './transport-defaults';
import type { TopicAlignment, TopicSpec, TransportAdmin } from './types';

/** The few admin calls {@link ensureTopicsWith} needs, each client's own (kafkajs-admin.ts, platformatic-admin.ts). */
export interface TopicAdminCalls {
  listTopics(): Promise<string[]>;
  topicConfig(topic: string, names: string[]): Promise<Record<string, string>>;
  /** Creates the topic and returns at once (the leaders are waited for here). */
  createTopic(spec: TopicSpec): Promise<void>;
  /** Replaces the topic's config with exactly `config` (AlterConfigs resets what it is not given). */
  alterConfig(topic: string, config: Record<string, string>): Promise<void>;
  /** The leader of each partition, fresh from the cluster (-1 where there is none yet). */
  partitionLeaders(topic: string): Promise<number[]>;
  createPartitions(topic: string, count: number): Promise<void>;
}

/**
 * Creates the topics that do not exist (waiting until their partitions have leaders) and aligns the
 * config and partition count of those that do, on either Kafka client.
 */
export function ensureTopicsWith(calls: TopicAdminCalls): TransportAdmin['ensureTopics'] {
  /** The first answers after creation may not know the topic yet ("does not host this topic-partition"). */
  async function waitForLeaders(spec: TopicSpec): Promise<void> {
    try {
      await pollUntil(
        async () => {
          const leaders = await calls.partitionLeaders(spec.topic);
          return leaders.length >= Math.max(1, spec.partitions) && leaders.every((l) => l >= 0);
        },
        { timeoutMs: LEADER_WAIT_MS, intervalMs: 100, what: `leaders of ${spec.topic}`, retryOnError: true },
      );
    } catch (err) {
      if (!(err instanceof PollTimeoutError)) throw err;
      if (err.lastError) throw err.lastError;
      throw new KafkaError(
        `topic ${spec.topic} was created but its partitions had no leader within ${LEADER_WAIT_MS / 1000} s`,
        'KAFKA_UNAVAILABLE',
        { topic: spec.topic },
      );
    }
  }

  async function createTopic(spec: TopicSpec): Promise<TopicAlignment> {
    await calls.createTopic(spec);
    await waitForLeaders(spec);
    const settings = Object.entries(spec.config).map(([k, v]) => `${k}=${v}`);
    const partitions = spec.partitions > 0 ? `${spec.partitions} partitions` : 'default partitions';
    return {
      topic: spec.topic,
      changes: [`created topic (${[partitions, ...settings].join(', ')})`],
      warnings: [],
    };
  }

  async function alignTopic(spec: TopicSpec): Promise<TopicAlignment> {
    const result: TopicAlignment = { topic: spec.topic, changes: [], warnings: [] };
    const current = await calls.topicConfig(spec.topic, Object.keys(spec.config));
    const differing = Object.entries(spec.config).filter(([name, value]) => current[name] !== value);
    if (differing.length > 0) {
      // The whole declared set: AlterConfigs (not incremental) resets what it is not given.
      await calls.alterConfig(spec.topic, spec.config);
      result.changes.push(
        `altered ${differing.map(([k, v]) => `${k}: ${current[k] ?? '(default)'} → ${v}`).join(', ')}`,
      );
    }
    if (spec.partitions <= 0) return result;
    const partitions = (await calls.partitionLeaders(spec.topic)).length;
    if (partitions < spec.partitions) {
      await calls.createPartitions(spec.topic, spec.partitions);
      result.changes.push(`increased partitions ${partitions} → ${spec.partitions}`);
    } else if (partitions > spec.partitions) {
      result.warnings.push(`has ${partitions} partitions, more than the ${spec.partitions} declared`);
    }
    return result;
  }

  return async (specs) => {
    const existing = new Set(await calls.listTopics());
    const results: TopicAlignment[] = [];
    for (const spec of specs) {
      results.push(existing.has(spec.topic) ? await alignTopic(spec) : await createTopic(spec));
    }
    return results;
  };
}

/** A topic config as both clients' create and alter calls take it. */
export const configEntries = (config: Record<string, string>) =>
  Object.entries(config).map(([name, value]) => ({ name, value }));

const operationNames: Record<keyof TransportAdmin, string> = {
  ensureTopics: 'create or align topics',
  topicConfig: 'describe a topic config',
  listTopics: 'list topics',
  deleteTopics: 'delete topics',
  endOffsets: 'fetch end offsets',
  startOffsets: 'fetch start offsets',
  offsetsForTime: 'fetch offsets by timestamp',
  committedOffsets: "fetch a group's committed offsets",
  ping: 'describe the cluster',
  disconnect: 'disconnect',
};

/** Every operation throws the runtime's KafkaError, not the client library's. */
export function translateAdminErrors(operations: TransportAdmin): TransportAdmin {
  const translated = {} as Record<string, unknown>;
  for (const [name, operation] of Object.entries(operations) as [
    keyof TransportAdmin,
    (...args: never[]) => Promise<unknown>,
  ][]) {
    translated[name] = (...args: never[]) => kafkaCall(operationNames[name], () => operation(...args));
  }
  return translated as unknown as TransportAdmin;
}
