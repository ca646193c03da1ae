import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { configEntries, ensureTopicsWith, translateAdminErrors } from './topic-admin';
import type { TransportAdmin } from './types';

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

  const ensureTopics = ensureTopicsWith({
    listTopics: () => admin.listTopics(),
    topicConfig,
    async createTopic(spec) {
      // Not kafkajs's own waitForLeaders: it gives up on the broker's first "unknown topic" answer.
      await admin.createTopics({
        waitForLeaders: false,
        topics: [
          {
            topic: spec.topic,
            numPartitions: spec.partitions,
            replicationFactor: spec.replicationFactor,
            configEntries: configEntries(spec.config),
          },
        ],
      });
    },
    async alterConfig(topic, config) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: configEntries(config) }],
      });
    },
    async partitionLeaders(topic) {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return (topics[0]?.partitions ?? []).map((p) => p.leader);
    },
    async createPartitions(topic, count) {
      await admin.createPartitions({ topicPartitions: [{ topic, count }] });
    },
  });

  return translateAdminErrors({
    ensureTopics,
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
