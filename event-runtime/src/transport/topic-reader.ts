/**
 * Reads a topic the way a tool does (`npm run inspect`, the gate's `schemas:check --replay`): under a
 * throwaway consumer group that commits nothing, from a chosen start, up to where each partition ended
 * when the read began (or on, following new records, until stopped).
 */
import { randomUUID } from 'node:crypto';
import { TopicReadError } from '../errors';
import type { EventTransport, IncomingMessage, TransportAdmin } from './types';

/** Where a read starts in each partition it reads. */
export type ReadStart =
  | { kind: 'beginning' }
  /** This offset in every partition read; a partition's oldest retained record when it is older. */
  | { kind: 'offset'; offset: bigint }
  /** The first record whose timestamp is at or after this time (ListOffsets by timestamp). */
  | { kind: 'time'; time: Date };

/** Options of {@link readTopic}. */
export interface TopicReadOptions {
  topic: string;
  /** Names the throwaway group, `<groupPrefix>-<random uuid>`, as the cluster lists it while reading. */
  groupPrefix: string;
  /** Partitions to read; default all. */
  partitions?: readonly number[];
  /** Default the beginning. */
  start?: ReadStart;
  /** Keep reading new records after the end, until `signal` aborts or `onMessage` says stop. */
  follow?: boolean;
  /** Ends the read (a following read especially) once aborted. */
  signal?: AbortSignal;
  /**
   * Each record read, per partition in offset order; returning false ends the read. A throw ends it
   * too, and `readTopic` rejects with it.
   */
  onMessage(message: IncomingMessage): Promise<boolean | void>;
}

/** One partition of the read: the first offset wanted and the end offset when the read began. */
export interface PartitionRange {
  from: bigint;
  end: bigint;
}

/**
 * The ranges a read covers, found with the admin before any consumer joins.
 *
 * @throws TopicReadError `TOPIC_NOT_FOUND`, `PARTITION_NOT_FOUND`; the transport's KafkaError.
 */
export async function planRead(
  admin: TransportAdmin,
  options: Pick<TopicReadOptions, 'topic' | 'partitions' | 'start'>,
): Promise<Map<number, PartitionRange>> {
  const { topic } = options;
  if (!(await admin.listTopics()).includes(topic)) {
    throw new TopicReadError(`topic ${topic} does not exist in Kafka`, 'TOPIC_NOT_FOUND', { topic });
  }
  const [starts, ends] = await Promise.all([admin.startOffsets(topic), admin.endOffsets(topic)]);
  const wanted = options.partitions ?? [...ends.keys()].sort((a, b) => a - b);
  const missing = wanted.filter((p) => !ends.has(p));
  if (missing.length > 0) {
    throw new TopicReadError(
      `topic ${topic} has no partition ${missing.join(', ')} (partitions 0 to ${ends.size - 1})`,
      'PARTITION_NOT_FOUND',
      { topic, partitions: missing },
    );
  }
  const start = options.start ?? { kind: 'beginning' };
  const byTime = start.kind === 'time' ? await admin.offsetsForTime(topic, start.time) : undefined;
  const ranges = new Map<number, PartitionRange>();
  for (const partition of wanted) {
    const end = BigInt(ends.get(partition)!);
    const oldest = BigInt(starts.get(partition) ?? end);
    let from = oldest;
    if (start.kind === 'offset') from = start.offset > oldest ? start.offset : oldest;
    if (byTime) from = BigInt(byTime.get(partition) ?? end);
    ranges.set(partition, { from, end });
  }
  return ranges;
}

/**
 * Reads `options.topic` through the transport under a new group that commits nothing, so reading
 * leaves no trace on the cluster. Without `follow` it ends once every partition read reached the end
 * it had when the read began (at once when nothing is in range); records written since are left out.
 *
 * The transport's consumer has no seek: the group starts at each partition's beginning and records
 * before the start are passed over here, in memory. That costs a scan of what the topic retains,
 * which is what a tool reading a topic for a person or a check can afford.
 *
 * @throws as {@link planRead}; whatever `onMessage` throws; the transport's errors.
 */
export async function readTopic(transport: EventTransport, options: TopicReadOptions): Promise<void> {
  const admin = await transport.admin();
  let ranges: Map<number, PartitionRange>;
  try {
    ranges = await planRead(admin, options);
  } finally {
    await admin.disconnect();
  }
  const follow = options.follow ?? false;
  // Partitions still to be read to their end (without follow): the read is over when none is left.
  const unfinished = new Set([...ranges].filter(([, r]) => r.from < r.end).map(([p]) => p));
  let done = false;
  let settle!: (err?: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (err) => {
      done = true;
      if (err === undefined) resolve();
      else reject(err as Error);
    };
  });
  const abort = () => settle();
  if (options.signal?.aborted || (!follow && unfinished.size === 0)) settle();
  options.signal?.addEventListener('abort', abort, { once: true });
  const consumer = transport.consumer({
    groupId: `${options.groupPrefix}-${randomUUID()}`,
    topics: [options.topic],
    fromBeginning: true,
    commitOffsets: false,
    handleBatch: async (batch, ctx) => {
      for (const message of batch.messages) {
        if (done) return;
        // Moves this reader on, in memory only (commitOffsets: false), past records it skips too.
        ctx.markProcessed(message.offset);
        const range = ranges.get(message.partition);
        const offset = BigInt(message.offset);
        if (!range || offset < range.from) continue;
        if (follow || offset < range.end) {
          try {
            if ((await options.onMessage(message)) === false) return settle();
          } catch (err) {
            return settle(err);
          }
        }
        // Reaching the last offset it had, or a record written since (past it), ends a partition.
        if (offset >= range.end - 1n) unfinished.delete(message.partition);
        if (!follow && unfinished.size === 0) return settle();
      }
    },
  });
  try {
    if (!done) await consumer.start();
    await finished;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await consumer.stop();
  }
}
