import type { Consumer, IHeaders } from 'kafkajs';
import type { Logger } from 'pino';
import type { BatchConsumer, ConsumeOptions, IncomingMessage } from './types';

function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

/**
 * A kafkajs consumer that never stays dead: kafkajs restarts itself after retriable crashes, but
 * after a non-retriable one it stops for good (tulios/kafkajs#1466). Then this wrapper builds a
 * new consumer and joins again after `rebuildDelayMs`; offsets were not committed for the batch
 * in flight, so it is redelivered and the inbox absorbs what was already applied.
 */
export function createResilientConsumer(
  makeConsumer: () => Consumer,
  options: ConsumeOptions,
  logger?: Logger,
  rebuildDelayMs = 5000,
): BatchConsumer {
  let consumer: Consumer | undefined;
  let joined = false;
  let assigned: Record<string, number[]> = {};
  let running = false;
  let rebuildTimer: NodeJS.Timeout | undefined;

  async function run(): Promise<void> {
    const current = makeConsumer();
    consumer = current;
    current.on(current.events.GROUP_JOIN, ({ payload }) => {
      if (consumer !== current) return;
      joined = true;
      assigned = payload.memberAssignment;
    });
    current.on(current.events.STOP, () => {
      if (consumer !== current) return;
      joined = false;
      assigned = {};
    });
    current.on(current.events.CRASH, ({ payload }) => {
      if (consumer !== current) return;
      joined = false;
      assigned = {};
      if (payload.restart || !running) return;
      scheduleRebuild(current, payload.error);
    });
    await current.connect();
    await current.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
    // kafkajs's run() resolves once the group is joined, which after a crash waits out the dead member's
    // session: joining goes on in the background (isJoined() tells), so a restarted service starts at once.
    void current
      .run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsAtOnce ?? 1,
        eachBatch: async ({
          batch,
          heartbeat,
          resolveOffset,
          commitOffsetsIfNecessary,
          isRunning,
          isStale,
        }) => {
          const messages: IncomingMessage[] = batch.messages.map((m) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key,
            value: m.value,
            headers: headersOf(m.headers),
            timestamp: m.timestamp,
          }));
          await options.handleBatch(
            { topic: batch.topic, partition: batch.partition, messages, highWatermark: batch.highWatermark },
            {
              heartbeat,
              isRunning: () => running && isRunning() && !isStale(),
              markProcessed: (offset) => resolveOffset(offset),
            },
          );
          await commitOffsetsIfNecessary();
        },
      })
      .catch((err: unknown) => {
        if (consumer === current && running) scheduleRebuild(current, err);
      });
  }

  function scheduleRebuild(dead: Consumer, err: unknown): void {
    logger?.error({ err }, `consumer stopped after a non-retriable error; rejoining in ${rebuildDelayMs} ms`);
    rebuildTimer = setTimeout(() => void rebuild(dead), rebuildDelayMs);
  }

  async function rebuild(dead: Consumer): Promise<void> {
    rebuildTimer = undefined;
    if (!running) return;
    await dead.disconnect().catch(() => undefined);
    try {
      await run();
    } catch (err) {
      logger?.error({ err }, `consumer could not rejoin; trying again in ${rebuildDelayMs} ms`);
      if (running) rebuildTimer = setTimeout(() => void rebuild(consumer ?? dead), rebuildDelayMs);
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
        await consumer?.disconnect().catch(() => undefined);
        consumer = undefined;
        throw err;
      }
    },
    async stop() {
      running = false;
      clearTimeout(rebuildTimer);
      await consumer?.disconnect();
    },
    isJoined: () => joined,
    assignment: () => (joined ? assigned : {}),
  };
}
