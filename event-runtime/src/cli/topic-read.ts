/**
 * `npm run topic:read -- <topic> [--follow] [--max N]`: prints a topic's messages decoded
 * through the registry, one JSON line each (a terminal stand-in for Kafka UI). Messages that
 * do not decode are printed with their error code and bytes in hex. Reads KAFKA_BROKERS (with the
 * Kafka security settings) and SCHEMA_REGISTRY_* (config/registry-config.ts).
 */
import { randomUUID } from 'node:crypto';
import { createEventCodec, type EventCodec } from '../codec/event-codec';
import { readToolConfig } from '../config/env';
import { decodeErrorCodes, isEventSystemError, type DecodeErrorCode } from '../errors';
import { topicNames, type TopicName } from '../generated';
import { createSchemaRegistry } from '../registry/schema-registry';
import { createKafkaTransport } from '../transport/kafka-transport';
import type { IncomingMessage, TransportAdmin } from '../transport/types';
import { exitWhenFlushed } from './exit';

function parseArgs(argv: string[]): { topic?: string; follow: boolean; max: number } {
  const maxAt = argv.indexOf('--max');
  const max = maxAt >= 0 ? Number(argv[maxAt + 1]) : Infinity;
  const topic = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--max');
  return { topic, follow: argv.includes('--follow'), max };
}

function jsonValue(_key: string, value: unknown): unknown {
  // An Avro long is an exact bigint, which JSON has no number for: printed as its decimal string.
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer') {
    return Buffer.from((value as { data: number[] }).data).toString('hex');
  }
  return value;
}

/** One output line: where the message is, its key, and its decoded value or why it does not decode. */
async function lineOf(codec: EventCodec, topic: TopicName, message: IncomingMessage) {
  const line: Record<string, unknown> = {
    partition: message.partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
  };
  try {
    line.value = await codec.decode(topic, message.value);
  } catch (err) {
    // Only the message's own fault is printed with it; a registry that is down or refuses us stops the tool.
    if (!isEventSystemError(err, ...(decodeErrorCodes as readonly DecodeErrorCode[]))) throw err;
    line.error = err.code;
    line.bytes = message.value?.toString('hex') ?? null;
  }
  if (Object.keys(message.headers).length > 0) line.headers = message.headers;
  return line;
}

/** Each partition's first and next offset; equal when the partition holds nothing. */
async function offsetRanges(
  admin: TransportAdmin,
  topic: string,
): Promise<Map<number, { start: string; end: string }>> {
  const [starts, ends] = await Promise.all([admin.startOffsets(topic), admin.endOffsets(topic)]);
  return new Map(
    [...ends].map(([partition, end]) => [partition, { start: starts.get(partition) ?? end, end }]),
  );
}

async function main(): Promise<number> {
  const { topic, follow, max } = parseArgs(process.argv.slice(2));
  if (!topic || Number.isNaN(max)) {
    console.error(
      'usage: npm run topic:read -- <topic> [--follow] [--max N]   (e.g. order_created, user_created.dlq)',
    );
    return 2;
  }
  const logical = topic.replace(/\.dlq$/, '');
  if (!(topicNames as readonly string[]).includes(logical)) {
    console.error(
      `unknown topic "${topic}": contracts exist for ${topicNames.join(', ')} (and their .dlq topics)`,
    );
    return 2;
  }
  const config = readToolConfig(process.env);
  const codec = createEventCodec({ registry: createSchemaRegistry(config.schemaRegistry) });
  const transport = createKafkaTransport({
    ...config.kafka,
    clientId: 'topic-read',
    failFast: true,
  });
  const admin = await transport.admin();
  let ranges: Map<number, { start: string; end: string }>;
  try {
    ranges = await offsetRanges(admin, topic);
  } finally {
    await admin.disconnect();
  }
  // The last offset to print per partition (non-follow mode); partitions with nothing left are skipped.
  const remaining = new Map(
    [...ranges].filter(([, r]) => r.start !== r.end).map(([partition, r]) => [partition, BigInt(r.end) - 1n]),
  );
  let printed = 0;
  let finished = false;
  let finish!: (err?: unknown) => void;
  const ended = new Promise<void>((resolve, reject) => {
    finish = (err) => {
      finished = true;
      if (err === undefined) resolve();
      else reject(err as Error);
    };
  });
  if (!follow && remaining.size === 0) finish();
  const consumer = transport.consumer({
    // A throwaway group that never commits: reading leaves no trace on the cluster.
    groupId: `topic-read-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    commitOffsets: false,
    handleBatch: async (batch, ctx) => {
      for (const message of batch.messages) {
        if (finished || printed >= max) return finish();
        try {
          console.log(JSON.stringify(await lineOf(codec, logical as TopicName, message), jsonValue));
        } catch (err) {
          return finish(err);
        }
        printed += 1;
        // Moves this reader on to the next message; nothing is committed (commitOffsets: false).
        ctx.markProcessed(message.offset);
        const last = remaining.get(message.partition);
        if (!follow && last !== undefined && BigInt(message.offset) >= last)
          remaining.delete(message.partition);
        if ((!follow && remaining.size === 0) || printed >= max) return finish();
      }
    },
  });
  try {
    if (!finished) await consumer.start();
    await ended;
  } finally {
    await consumer.stop();
  }
  console.error(`${printed} message(s) from ${topic}`);
  return 0;
}

main().then(
  (code) => exitWhenFlushed(code),
  (err: Error) => {
    console.error(`topic:read: ${err.message}`);
    exitWhenFlushed(1);
  },
);
