/**
 * The only Kafka surface the services and the runtime use: send a batch, consume batches,
 * admin. kafkajs sits behind it today (kafkajs-transport.ts); another client can replace it
 * without touching the outbox, the consumer or the services.
 */

export interface OutgoingMessage {
  topic: string;
  /** Bytes are kept as they are (dead letters keep the original key, even a null one). */
  key: string | Buffer | null;
  value: Buffer;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as decimal strings. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

export interface IncomingBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
  /** Offset of the next message the broker will write on this partition. */
  highWatermark: string;
}

export interface BatchContext {
  /** Keeps the group membership alive during long handling. */
  heartbeat(): Promise<void>;
  /** False once stop() was called: long retries should give up and let the batch be redelivered. */
  isRunning(): boolean;
  /**
   * Marks everything up to and including `offset` as done; committed after the handler returns (on
   * kafkajs, with other batches' offsets, up to a second later: CONSUMER_COMMIT_INTERVAL_MS).
   */
  markProcessed(offset: string): void;
}

export interface BatchProducer {
  /**
   * Sends every message with acks=all; resolves only when all are acknowledged, and rejects otherwise
   * (some may have been written: the caller sends the batch again, at least once).
   */
  send(messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  /**
   * Default true: offsets marked processed are committed to the group. False for a throwaway reader
   * (e.g. `inspect` under a random group): `markProcessed` still moves it forward, in memory only,
   * and the group is left without committed offsets.
   */
  commitOffsets?: boolean;
  /**
   * How many partitions' batches `handleBatch` may be handling at once (default 1: one at a time).
   * A partition's own batches always go one after another, so each key keeps its order.
   */
  partitionsAtOnce?: number;
  handleBatch(batch: IncomingBatch, ctx: BatchContext): Promise<void>;
}

export interface BatchConsumer {
  /** Connects and subscribes (failing if a topic does not exist); joins the group in the background. */
  start(): Promise<void>;
  /** Lets the batch in progress finish, commits its offsets, leaves the group. */
  stop(): Promise<void>;
  /** True once the consumer has joined its group and has not crashed or stopped since. */
  isJoined(): boolean;
  /** The partitions this member owns per topic since it last joined; empty while it is not in the group. */
  assignment(): Record<string, number[]>;
}

/** A replication factor that leaves it to the cluster: the brokers' `default.replication.factor`. */
export const CLUSTER_DEFAULT_REPLICATION = -1;

export interface TopicSpec {
  topic: string;
  partitions: number;
  /** Copies of each partition, or {@link CLUSTER_DEFAULT_REPLICATION}. */
  replicationFactor: number;
  config: Record<string, string>;
}

/** What `ensureTopics` did to one topic; both lists empty when it already matched its spec. */
export interface TopicAlignment {
  topic: string;
  changes: string[];
  /** Differences it cannot fix without losing data (Kafka never removes partitions). */
  warnings: string[];
}

export interface TransportAdmin {
  /**
   * Creates missing topics, and brings existing ones in line: the declared configs (the whole
   * declared set is written) and at least the declared partitions.
   */
  ensureTopics(specs: TopicSpec[]): Promise<TopicAlignment[]>;
  topicConfig(topic: string, names: string[]): Promise<Record<string, string>>;
  listTopics(): Promise<string[]>;
  deleteTopics(topics: string[]): Promise<void>;
  /** Next offset per partition (the high watermark). */
  endOffsets(topic: string): Promise<Map<number, string>>;
  /** Offset of the oldest message still kept, per partition (equal to the end when it holds none). */
  startOffsets(topic: string): Promise<Map<number, string>>;
  /**
   * Per partition, the first offset whose record timestamp is at or after `time` (Kafka's ListOffsets by
   * timestamp); the end offset when no record is that recent.
   */
  offsetsForTime(topic: string, time: Date): Promise<Map<number, string>>;
  /** Offsets a group has committed per partition ('-1' when none). */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, string>>;
  /** Metadata round trip: throws when the cluster does not answer. */
  ping(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface EventTransport {
  producer(): Promise<BatchProducer>;
  consumer(options: ConsumeOptions): BatchConsumer;
  admin(): Promise<TransportAdmin>;
}
