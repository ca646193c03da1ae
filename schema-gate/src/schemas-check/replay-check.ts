/**
 * Mode `--replay <topic>`: reads the events a topic still retains in Kafka and decodes each through
 * the working tree's schema of that topic (the candidate reader), with the writer schema each was
 * written with, fetched from the registry by id. Where the other modes compare schemas, this one
 * tries the candidate on the data itself. Read with the runtime's `readTopic`: its own consumer group,
 * random, which commits nothing.
 */
import * as path from 'node:path';
import { loadTopicContract, readTopicDeclarations } from '@contract-events/contracts';
import {
  DecodeError,
  TopicReadError,
  type EventDecoder,
  type KafkaConnection,
  type SchemaRegistryConfig,
  createKafkaTransport,
  createSchemaDecoder,
  createSchemaRegistry,
  readTopic,
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
  const limit = options.limit ?? Infinity;
  const showFailures = options.showFailures ?? 10;
  const tally: ReplayTally = { read: 0, failed: 0, tombstones: 0, schemaIds: new Set(), failures: [] };
  try {
    // Events written after the replay started are not part of what it checks: the read ends there.
    await readTopic(transport, {
      topic: contract.topic,
      groupPrefix: 'schemas-check-replay',
      onMessage: async (message) => {
        if (tally.read >= limit) return false;
        if (message.value === null && compacted) tally.tombstones += 1;
        else await record(tally, decoder, message, showFailures);
        return tally.read < limit;
      },
    });
  } catch (err) {
    if (err instanceof TopicReadError && err.code === 'TOPIC_NOT_FOUND') {
      throw new GateError(
        `topic ${contract.topic} does not exist in Kafka: nothing to replay`,
        'REPLAY_FAILED',
        {
          topic: contract.topic,
        },
      );
    }
    throw err;
  }
  return replayReport(`schemas/${contract.schemaFile}`, contract.topic, tally);
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
