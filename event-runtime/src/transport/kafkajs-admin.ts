import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { KafkaError } from '../errors';
import { pollUntil, PollTimeoutError } from '../retry';
import { kafkaCall } from './kafka-errors';
import type { TopicAlignment, TopicSpec, TransportAdmin } from './types';

/** How long a new topic's partitions may take to get leaders. */
const LEADER_WAIT_MS = 30_000;

/** The runtime's admin operations over a connected kafkajs admin client. */
export function wrapAdmin(admin: Admin): TransportAdmin {
  async function topicConfig(topic: string, names: string[]): Promise<Record<string, string>> {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }],
    });
    const out: Record<string, string> = {};
    for (const entry of resources[0]?.configEntries ?? []) out[entry.configName] = entry.configValue;
    return out;
  }

  /**
   * Waits until every partition of a new topic has a leader. kafkajs's own wait (`waitForLeaders`)
   * gives up when the broker it asks has not learnt of the topic yet (UNKNOWN_TOPIC_OR_PARTITION, "This
   * server does not host this topic-partition"), a normal first answer just after creation.
   */
  async function waitForLeaders(spec: TopicSpec): Promise<void> {
    try {
      await pollUntil(
        async () => {
          const { topics } = await admin.fetchTopicMetadata({ topics: [spec.topic] });
          const partitions = topics[0]?.partitions ?? [];
          return partitions.length >= Math.max(1, spec.partitions) && partitions.every((p) => p.leader >= 0);
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
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor,
          configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
        },
      ],
    });
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
    const current = await topicConfig(spec.topic, Object.keys(spec.config));
    const differing = Object.entries(spec.config).filter(([name, value]) => current[name] !== value);
    if (differing.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        // AlterConfigs (not incremental) resets what it is not given: send the whole declared set.
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: spec.topic,
            configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      result.changes.push(
        `altered ${differing.map(([k, v]) => `${k}: ${current[k] ?? '(default)'} → ${v}`).join(', ')}`,
      );
    }
    if (spec.partitions <= 0) return result;
    const metadata = await admin.fetchTopicMetadata({ topics: [spec.topic] });
    const partitions = metadata.topics[0]?.partitions.length ?? 0;
    if (partitions < spec.partitions) {
      await admin.createPartitions({ topicPartitions: [{ topic: spec.topic, count: spec.partitions }] });
      result.changes.push(`increased partitions ${partitions} → ${spec.partitions}`);
    } else if (partitions > spec.partitions) {
      result.warnings.push(`has ${partitions} partitions, more than the ${spec.partitions} declared`);
    }
    return result;
  }

  return translateErrors({
    async ensureTopics(specs) {
      const existing = new Set(await admin.listTopics());
      const results: TopicAlignment[] = [];
      for (const spec of specs) {
        results.push(existing.has(spec.topic) ? await alignTopic(spec) : await createTopic(spec));
      }
      return results;
    },
    topicConfig,
    listTopics: () => admin.listTopics(),
    async deleteTopics(topics) {
      await admin.deleteTopics({ topics });
    },
    async endOffsets(topic) {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, o.high]));
    },
    async startOffsets(topic) {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, o.low]));
    },
    async offsetsForTime(topic, time) {
      // kafkajs already answers the high watermark for a partition with no record that recent.
      const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, time.getTime());
      return new Map(offsets.map((o) => [o.partition, o.offset]));
    },
    async committedOffsets(groupId, topic) {
      const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return new Map((entry?.partitions ?? []).map((p) => [p.partition, p.offset]));
    },
    async ping() {
      await admin.describeCluster();
    },
    disconnect: () => admin.disconnect(),
  });
}

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

/** Every operation throws the runtime's KafkaError, not kafkajs's. */
function translateErrors(operations: TransportAdmin): TransportAdmin {
  const translated = {} as Record<string, unknown>;
  for (const [name, operation] of Object.entries(operations) as [
    keyof TransportAdmin,
    (...args: never[]) => Promise<unknown>,
  ][]) {
    translated[name] = (...args: never[]) => kafkaCall(operationNames[name], () => operation(...args));
  }
  return translated as unknown as TransportAdmin;
}
