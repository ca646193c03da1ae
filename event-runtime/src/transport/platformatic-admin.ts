import { ConfigResourceTypes, type Admin } from '@platformatic/kafka';
import { configEntries, ensureTopicsWith, translateAdminErrors } from './topic-admin';
import type { TransportAdmin } from './types';

/** ListOffsets' special timestamps: the next offset to be written, and the oldest one kept. */
const LATEST = -1n;
const EARLIEST = -2n;

/** The runtime's admin operations over a @platformatic/kafka admin client (kafkajs-admin.ts's twin). */
export function wrapPlatformaticAdmin(admin: Admin): TransportAdmin {
  async function topicConfig(topic: string, names: string[]): Promise<Record<string, string>> {
    const [resource] = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: names }],
    });
    const out: Record<string, string> = {};
    for (const entry of resource?.configs ?? []) {
      if (typeof entry.value === 'string') out[entry.name] = entry.value;
    }
    return out;
  }

  /** Partitions of `topic` with their leaders, fresh from the cluster (not the client's cache). */
  async function partitionsOf(topic: string) {
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true, autocreateTopics: false });
    return metadata.topics.get(topic)?.partitions ?? [];
  }

  const ensureTopics = ensureTopicsWith({
    listTopics: () => admin.listTopics(),
    topicConfig,
    async createTopic(spec) {
      await admin.createTopics({
        topics: [spec.topic],
        // -1 in both leaves it to the brokers' defaults, as in kafkajs-admin.ts.
        partitions: spec.partitions > 0 ? spec.partitions : -1,
        replicas: spec.replicationFactor,
        configs: configEntries(spec.config),
      });
    },
    async alterConfig(topic, config) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          { resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: configEntries(config) },
        ],
      });
    },
    partitionLeaders: async (topic) => (await partitionsOf(topic)).map((p) => p.leader),
    async createPartitions(topic, count) {
      await admin.createPartitions({ topics: [{ name: topic, count, assignments: null }] });
    },
  });

  async function offsetsAt(topic: string, timestamp: bigint): Promise<Map<number, string>> {
    const partitions = await partitionsOf(topic);
    const [listed] = await admin.listOffsets({
      topics: [
        {
          name: topic,
          partitions: partitions.map((_, partitionIndex) => ({
            partitionIndex,
            timestamp,
            currentLeaderEpoch: -1,
          })),
        },
      ],
    });
    return new Map((listed?.partitions ?? []).map((p) => [p.partitionIndex, p.offset.toString()]));
  }

  return translateAdminErrors({
    ensureTopics,
    topicConfig,
    listTopics: () => admin.listTopics(),
    async deleteTopics(topics) {
      await admin.deleteTopics({ topics });
    },
    endOffsets: (topic) => offsetsAt(topic, LATEST),
    startOffsets: (topic) => offsetsAt(topic, EARLIEST),
    async offsetsForTime(topic, time) {
      const [found, ends] = await Promise.all([
        offsetsAt(topic, BigInt(time.getTime())),
        offsetsAt(topic, LATEST),
      ]);
      // The broker answers -1 for a partition with no record that recent: the end, as kafkajs gives.
      return new Map(
        [...found].map(([p, offset]) => [p, offset === '-1' ? (ends.get(p) ?? offset) : offset]),
      );
    },
    async committedOffsets(groupId, topic) {
      const partitions = await partitionsOf(topic);
      const [group] = await admin.listConsumerGroupOffsets({
        groups: [{ groupId, topics: [{ name: topic, partitionIndexes: partitions.map((_, i) => i) }] }],
      });
      const entry = group?.topics.find((t) => t.name === topic);
      return new Map((entry?.partitions ?? []).map((p) => [p.partitionIndex, p.committedOffset.toString()]));
    },
    async ping() {
      await admin.metadata({ topics: [], forceUpdate: true });
    },
    disconnect: () => admin.close(),
  });
}
