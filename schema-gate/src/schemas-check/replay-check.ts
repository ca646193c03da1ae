/**
 * Mode `--replay <topic>`: reads the events a topic still retains in Kafka and decodes each through
 * the working tree's schema of that topic (the candidate reader), with the writer schema each was
 * written with, fetched from the registry by id. Where the other modes compare schemas, this one
 * tries the candidate on the data itself. Its own consumer group, random, which commits nothing.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { loadTopicContract, readTopicDeclarations } from '@contract-events/contracts';
import {
  DecodeError,
  type EventDecoder,
  type EventTransport,
  type KafkaConnection,
  type SchemaRegistryConfig,
  createKafkaTransport,
  createSchemaDecoder,
  createSchemaRegistry,
} from '@contract-events/runtime/tools';
import { GateError } from '../errors/gate-error';
import { type ReplayFailure, type ReplayTally, replayReport } from './replay-report';
import type { SchemaReport } from './report';

/** Options of {@link runReplayCheck}. */
export interface ReplayOptions {
  readonly root: string;
  /** A topic of schemas/topics.json: the Kafka topic read and the schema file tried on it. */
  readonly topic: string;
  /** Read at most this many events (default: every event retained when the replay starts). */
  readonly limit?: number;
  /** How many failures the report lists (all are counted). Default 10. */
  readonly showFailures?: number;
  readonly kafka: KafkaConnection;
  readonly registry: SchemaRegistryConfig;
}

/** Each partition's last retained offset when the replay starts; partitions holding nothing left out. */
async function lastOffsets(transport: EventTransport, topic: string): Promise<Map<number, bigint>> {
  const admin = await transport.admin();
  try {
    if (!(await admin.listTopics()).includes(topic)) {
      throw new GateError(`topic ${topic} does not exist in Kafka: nothing to replay`, 'REPLAY_FAILED', {
        topic,
      });
    }
    const [starts, ends] = await Promise.all([admin.startOffsets(topic), admin.endOffsets(topic)]);
    const last = new Map<number, bigint>();
    for (const [partition, end] of ends) {
      if ((starts.get(partition) ?? end) !== end) last.set(partition, BigInt(end) - 1n);
    }
    return last;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Replays the topic's retained events through its candidate schema. A message that does not decode is
 * a failure (status `incompatible`); a registry or Kafka that cannot be reached stops the replay.
 *
 * @throws GateError `USAGE` for a topic topics.json does not declare, `REPLAY_FAILED` when the topic
 *   does not exist; ContractError for a bad schema; RegistryError, or the transport's errors.
 */
export async function runReplayCheck(options: ReplayOptions): Promise<SchemaReport> {
  const declarations = readTopicDeclarations({ schemasDir: path.join(options.root, 'schemas') });
  const declared = declarations.find((d) => d.topic === options.topic);
  if (!declared) {
    const known = declarations.map((d) => d.topic).join(', ');
    throw new GateError(`--replay ${options.topic}: not a topic of schemas/topics.json (${known})`, 'USAGE');
  }
  const contract = loadTopicContract(declared);
  const decoder = createSchemaDecoder({
    topic: contract.topic,
    schema: contract.schema,
    registry: createSchemaRegistry({ ...options.registry, timeoutMs: 10_000 }),
  });
  // Tombstones are how a compacted topic deletes a key, not events: skipped, as the consumer does.
  const compacted = (contract.config['cleanup.policy'] ?? '').includes('compact');
  const transport = createKafkaTransport({
    ...options.kafka,
    clientId: 'schemas-check-replay',
    failFast: true,
  });
  const remaining = await lastOffsets(transport, contract.topic);
  const tally = await replay(transport, decoder, contract.topic, remaining, {
    limit: options.limit ?? Infinity,
    showFailures: options.showFailures ?? 10,
    compacted,
  });
  return replayReport(`schemas/${contract.schemaFile}`, contract.topic, tally);
}

async function replay(
  transport: EventTransport,
  decoder: EventDecoder,
  topic: string,
  remaining: Map<number, bigint>,
  { limit, showFailures, compacted }: { limit: number; showFailures: number; compacted: boolean },
): Promise<ReplayTally> {
  const tally: ReplayTally = { read: 0, failed: 0, tombstones: 0, schemaIds: new Set(), failures: [] };
  let settle!: (err?: unknown) => void;
  let done = false;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (err) => {
      done = true;
      if (err === undefined) resolve();
      else reject(err as Error);
    };
  });
  if (remaining.size === 0 || limit <= 0) settle();
  const consumer = transport.consumer({
    groupId: `schemas-check-replay-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    // A reader that leaves no trace: offsets move in memory only, the group commits nothing.
    commitOffsets: false,
    handleBatch: async (batch, ctx) => {
      for (const message of batch.messages) {
        if (done) return;
        const last = remaining.get(message.partition);
        // Events written after the replay started are not part of what it checks.
        if (last === undefined || BigInt(message.offset) > last) continue;
        if (message.value === null && compacted) tally.tombstones += 1;
        else {
          try {
            await record(tally, decoder, message, showFailures);
          } catch (err) {
            return settle(err);
          }
        }
        ctx.markProcessed(message.offset);
        if (BigInt(message.offset) >= last) remaining.delete(message.partition);
        if (remaining.size === 0 || tally.read >= limit) return settle();
      }
    },
  });
  try {
    if (!done) await consumer.start();
    await finished;
  } finally {
    await consumer.stop();
  }
  return tally;
}

/** Decodes one message into the tally; only a registry or network failure is thrown. */
async function record(
  tally: ReplayTally,
  decoder: EventDecoder,
  message: { partition: number; offset: string; value: Buffer | null },
  showFailures: number,
): Promise<void> {
  tally.read += 1;
  try {
    tally.schemaIds.add((await decoder.decode(message.value)).schemaId);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    tally.failed += 1;
    if (tally.failures.length < showFailures) {
      const failure: ReplayFailure = {
        partition: message.partition,
        offset: message.offset,
        code: err.code,
        message: err.message,
      };
      tally.failures.push(failure);
    }
  }
}
