import { ConfigResourceTypes, type Admin } from '@platformatic/kafka';
import { KafkaError } from '../errors';
import { pollUntil, PollTimeoutError } from '../retry';
import { kafkaCall } from './kafka-errors';
import { LEADER_WAIT_MS } from './transport-defaults';
import type { TopicAlignment, TopicSpec, TransportAdmin } from './types';

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

  /** Every partition of a new topic has a leader: the first answers after creation may not know it yet. */
  async function waitForLeaders(spec: TopicSpec): Promise<void> {
    try {
      await pollUntil(
        async () => {
          const partitions = await partitionsOf(spec.topic);
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
      topics: [spec.topic],
      // -1 in both leaves it to the brokers' defaults, as in kafkajs-admin.ts.
      partitions: spec.partitions > 0 ? spec.partitions : -1,
      replicas: spec.replicationFactor,
      configs: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
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
            resourceType: ConfigResourceTypes.TOPIC,
            resourceName: spec.topic,
            configs: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      result.changes.push(
        `altered ${differing.map(([k, v]) => `${k}: ${current[k] ?? '(default)'} → ${v}`).join(', ')}`,
      );
    }
    if (spec.partitions <= 0) return result;
    const partitions = (await partitionsOf(spec.topic)).length;
    if (partitions < spec.partitions) {
      await admin.createPartitions({
        topics: [{ name: spec.topic, count: spec.partitions, assignments: null }],
      });
      result.changes.push(`increased partitions ${partitions} → ${spec.partitions}`);
    } else if (partitions > spec.partitions) {
      result.warnings.push(`has ${partitions} partitions, more than the ${spec.partitions} declared`);
    }
    return result;
  }

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

/** Every operation throws the runtime's KafkaError, not the library's. */
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
