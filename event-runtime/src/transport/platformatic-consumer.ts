import type { Consumer, Message, MessagesStream } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { kafkaCall } from './kafka-errors';
import { addFirstHeader } from './record-headers';
import type { BatchConsumer, ConsumeOptions, IncomingBatch, IncomingMessage } from './types';

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;
type KafkaRecord = Message<Buffer, Buffer, Buffer, Buffer>;

/** Most messages handed over at once; the handler gets them split per partition. */
const MAX_CHUNK = 500;

export interface PlatformaticConsumerOptions {
  /** Where the brokers are, as errors name it. */
  target: string;
  logger?: Logger;
  /** Wait before a new consumer replaces one that failed. */
  rebuildDelayMs?: number;
}

/**
 * The batch consumer over @platformatic/kafka, with kafkajs-consumer.ts's semantics. The library
 * hands out a stream of single messages and fetches ahead of what was handled; this groups what the
 * stream has buffered into batches per partition (in offset order), calls the handler one batch at
 * a time, and commits the last offset it marked only once the handler has resolved (autocommit off).
 *
 * The library cannot rewind a running stream to redeliver a batch, so whenever a batch was not fully
 * processed while running (the handler threw or stopped short of its end), a commit failed (the
 * partition went to another member in a rebalance), or the stream or client failed, this consumer is
 * closed and a new one joins after `rebuildDelayMs`: it reads again from the committed offsets, and
 * the inbox absorbs what was applied twice. Heartbeats run in the library's background, so
 * `heartbeat()` has nothing to do.
 */
export function createPlatformaticConsumer(
  makeConsumer: () => Consumer,
  options: ConsumeOptions,
  settings: PlatformaticConsumerOptions,
): BatchConsumer {
  const { logger } = settings;
  const rebuildDelayMs = settings.rebuildDelayMs ?? 2000;
  const commit = options.commitOffsets !== false;
  const atOnce = Math.max(1, options.partitionsAtOnce ?? 1);
  let consumer: Consumer | undefined;
  let joined = false;
  let running = false;
  let rebuildTimer: NodeJS.Timeout | undefined;
  let stream: Stream | undefined;
  /** The batch being handled and committed, which stop() lets finish. */
  let inFlight: Promise<void> | undefined;

  const alive = (c: Consumer) => running && consumer === c;

  async function run(): Promise<void> {
    const current = makeConsumer();
    consumer = current;
    current.on('consumer:group:join', () => {
      if (consumer === current) joined = true;
    });
    current.on('consumer:group:leave', () => {
      if (consumer === current) joined = false;
    });
    // An EventEmitter 'error' nobody listens to would end the process.
    current.on('error', (err: unknown) => {
      if (alive(current)) replace(current, err);
    });
    // Fails here, as kafkajs's subscribe does, when a topic does not exist or the broker cannot be reached.
    await kafkaCall(`find topics ${options.topics.join(',')} at ${settings.target}`, async () => {
      await current.metadata({ topics: options.topics, autocreateTopics: false });
    });
    // Joining waits out a dead member's session: it goes on in the background, as with kafkajs.
    void current
      .consume({
        topics: options.topics,
        mode: 'committed',
        fallbackMode: options.fromBeginning ? 'earliest' : 'latest',
        autocommit: false,
      })
      .then((opened) => {
        if (consumer !== current) return opened.close();
        stream = opened as Stream;
        return consumeStream(current, stream);
      })
      .catch((err: unknown) => {
        if (alive(current)) replace(current, err);
      });
  }

  async function consumeStream(current: Consumer, stream: Stream): Promise<void> {
    // stop() and replace() close the stream before the client: the library will not leave the group while one is open.
    stream.on('error', (err) => {
      if (alive(current)) replace(current, err);
    });
    const nextChunk = chunkReader(stream);
    while (alive(current)) {
      const chunk = await nextChunk();
      if (chunk.length === 0) {
        if (stream.destroyed || stream.readableEnded) break;
        continue;
      }
      const batches = byPartition(chunk);
      // A chunk holds a partition's records once: its batches can go together, each partition in order.
      for (let i = 0; i < batches.length; i += atOnce) {
        if (!alive(current)) return;
        inFlight = Promise.all(batches.slice(i, i + atOnce).map((batch) => handle(current, batch))).then(
          () => undefined,
        );
        await inFlight;
        inFlight = undefined;
      }
    }
    if (alive(current)) replace(current, new Error('the message stream ended'));
  }

  async function handle(current: Consumer, records: KafkaRecord[]): Promise<void> {
    const byOffset = new Map(records.map((r) => [r.offset.toString(), r]));
    const last = records[records.length - 1]!;
    let marked: KafkaRecord | undefined;
    const batch: IncomingBatch = {
      topic: last.topic,
      partition: last.partition,
      messages: records.map(toIncoming),
      // The library does not hand out the fetch's high watermark: the next offset after this batch
      // is a lower bound of it.
      highWatermark: (last.offset + 1n).toString(),
    };
    try {
      await options.handleBatch(batch, {
        heartbeat: async () => undefined,
        isRunning: () => alive(current),
        markProcessed: (offset) => {
          const record = byOffset.get(offset);
          if (record && (!marked || record.offset > marked.offset)) marked = record;
        },
      });
      if (marked && commit) {
        await kafkaCall(`commit offsets of ${batch.topic}/${batch.partition}`, async () => {
          await marked!.commit();
        });
      }
    } catch (err) {
      if (alive(current)) replace(current, err);
      return;
    }
    if (alive(current) && marked !== last) {
      replace(current, new Error(`batch ${batch.topic}/${batch.partition} was not fully processed`));
    }
  }

  /** Closes `dead` and joins again with a new consumer after the delay; the stream loop stops. */
  function replace(dead: Consumer, err: unknown): void {
    if (consumer !== dead) return;
    consumer = undefined;
    joined = false;
    const deadStream = stream;
    stream = undefined;
    logger?.error({ err }, `consumer failed; rejoining from the committed offsets in ${rebuildDelayMs} ms`);
    void (async () => {
      await deadStream?.close().catch(() => undefined);
      await dead.close(true).catch(() => undefined);
    })();
    clearTimeout(rebuildTimer);
    rebuildTimer = setTimeout(() => void rebuild(), rebuildDelayMs);
  }

  async function rebuild(): Promise<void> {
    rebuildTimer = undefined;
    if (!running) return;
    try {
      await run();
    } catch (err) {
      const failed = consumer;
      consumer = undefined;
      await failed?.close(true).catch(() => undefined);
      logger?.error({ err }, `consumer could not rejoin; trying again in ${rebuildDelayMs} ms`);
      if (running) rebuildTimer = setTimeout(() => void rebuild(), rebuildDelayMs);
    }
  }

  return {
    async start() {
      running = true;
      try {
        await run();
      } catch (err) {
        // A start that failed (topic missing, broker gone) may be tried again: close this attempt's client.
        running = false;
        await consumer?.close(true).catch(() => undefined);
        consumer = undefined;
        throw err;
      }
    },
    async stop() {
      running = false;
      clearTimeout(rebuildTimer);
      const current = consumer;
      const open = stream;
      consumer = undefined;
      stream = undefined;
      joined = false;
      // The batch in progress sees isRunning() false; it finishes and commits what it marked.
      await inFlight?.catch(() => undefined);
      await open?.close().catch(() => undefined);
      // Closing leaves the group, so its partitions go to the other members at once.
      await current?.close();
    },
    isJoined: () => joined,
    assignment() {
      const current = consumer;
      if (!joined || !current) return {};
      const out: Record<string, number[]> = {};
      for (const a of current.assignments ?? []) out[a.topic] = [...a.partitions].sort((x, y) => x - y);
      return out;
    },
  };
}

/**
 * Reads what the stream has buffered, in chunks. The library fetches only while somebody reads: its
 * fetch loop stops when the stream's `readableFlowing` is null, which Node sets again whenever the last
 * 'readable' listener is removed. So one 'readable' listener stays for the stream's whole life (the
 * stream is then read in paused mode, and fetching pauses only when its buffer is full), and waiting
 * for more is a promise that listener resolves.
 */
function chunkReader(stream: Stream): () => Promise<KafkaRecord[]> {
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on('readable', notify);
  stream.on('close', notify);
  stream.on('end', notify);
  return async function nextChunk() {
    for (;;) {
      const out: KafkaRecord[] = [];
      let m: KafkaRecord | null;
      while (out.length < MAX_CHUNK && (m = stream.read() as KafkaRecord | null) !== null) out.push(m);
      if (out.length > 0 || stream.destroyed || stream.readableEnded) return out;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
}

/** The messages split per topic and partition, each list in the order the stream gave (offset order). */
export function byPartition<T extends { topic: string; partition: number }>(messages: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const m of messages) {
    const key = `${m.topic}\u0000${m.partition}`;
    const list = groups.get(key) ?? [];
    list.push(m);
    groups.set(key, list);
  }
  return [...groups.values()];
}

/** Headers as strings (a repeated header keeps its first value, as the kafkajs consumer does). */
export function headersOf(entries: [Buffer, Buffer][] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of entries ?? []) addFirstHeader(out, name.toString(), value?.toString() ?? '');
  return out;
}

function toIncoming(m: KafkaRecord): IncomingMessage {
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset.toString(),
    key: m.key && m.key.length > 0 ? m.key : null,
    value: m.value ?? null,
    headers: headersOf(m.headerEntries),
    timestamp: m.timestamp.toString(),
  };
}
