/**
 * `npm run topic:read -- <topic> [--follow] [--max N]`: prints a topic's messages decoded
 * through the registry, one JSON line each (a terminal stand-in for Kafka UI). Messages that
 * do not decode are printed with their error code and bytes in hex. Reads KAFKA_BROKERS and
 * SCHEMA_REGISTRY_URL.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createEventCodec } from '../codec/event-codec';
import { isEventSystemError } from '../errors';
import { topicNames, type TopicName } from '../generated';
import { createSchemaRegistry } from '../registry/schema-registry';

function parseArgs(argv: string[]): { topic?: string; follow: boolean; max: number } {
  const maxAt = argv.indexOf('--max');
  const max = maxAt >= 0 ? Number(argv[maxAt + 1]) : Infinity;
  const topic = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--max');
  return { topic, follow: argv.includes('--follow'), max };
}

function jsonValue(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer') {
    return Buffer.from((value as { data: number[] }).data).toString('hex');
  }
  return value;
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
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
  const codec = createEventCodec({ registry: createSchemaRegistry({ url: registryUrl }) });
  const kafka = new Kafka({ clientId: 'topic-read', brokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(
    ends.filter((e) => e.high !== e.low).map((e) => [e.partition, BigInt(e.high) - 1n]),
  );
  const consumer = kafka.consumer({ groupId: `topic-read-${randomUUID()}` });
  let printed = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  if (!follow && remaining.size === 0) done();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      if (printed >= max) return done();
      const line: Record<string, unknown> = {
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
      };
      try {
        line.value = await codec.decode(logical as TopicName, message.value);
      } catch (err) {
        if (!isEventSystemError(err)) throw err;
        line.error = err.code;
        line.bytes = message.value?.toString('hex') ?? null;
      }
      const headers = Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]);
      if (headers.length > 0) line.headers = Object.fromEntries(headers);
      console.log(JSON.stringify(line, jsonValue));
      printed += 1;
      if (!follow && BigInt(message.offset) >= (remaining.get(partition) ?? -1n)) remaining.delete(partition);
      if ((!follow && remaining.size === 0) || printed >= max) done();
    },
  });
  await finished;
  await consumer.disconnect();
  console.error(`${printed} message(s) from ${topic}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`topic:read: ${err.message}`);
    process.exit(1);
  },
);
