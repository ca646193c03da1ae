import { deadLetterHeaders } from '@contract-events/contracts';
import type { EventCodec } from '../codec/event-codec';
import { decodeErrorCodes, isEventSystemError, type DecodeErrorCode } from '../errors';
import type { TopicName } from '../generated';
import type { EventTransport, IncomingMessage, OutgoingMessage } from '../transport/types';
import { DLQ_HEADERS } from './dead-letter';

/** Declared in @contract-events/contracts' `deadLetterHeaders`. */
export const REPLAY_ATTEMPTS_HEADER = deadLetterHeaders.replayAttempts.name;

export interface ReplayOptions {
  transport: EventTransport;
  codec: EventCodec;
  dlqTopic: string;
  /** Logical topic of a source topic; default: the source topic's own name when it has a contract. */
  logicalTopicOf: (sourceTopic: string) => TopicName | undefined;
  groupId?: string;
  log?: (line: string) => void;
  /** Gives up (and says so) when the letters seen at the start have not all been read by then. */
  timeoutMs?: number;
}

export interface ReplayReport {
  replayed: number;
  stillFailing: number;
}

const DLQ_HEADER_NAMES = new Set<string>(Object.values(DLQ_HEADERS));

function withoutDlqHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !DLQ_HEADER_NAMES.has(name)));
}

/**
 * Sends dead letters back to their source topic once they decode against today's schemas
 * (the consumer's inbox makes a replay of an already-applied event harmless). A letter that
 * still cannot be decoded goes to the end of the dead-letter topic with an attempt count, so
 * nothing is lost and one bad letter does not block the others. Reads up to the end offsets
 * seen at the start, then stops.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayReport> {
  const { transport, codec, dlqTopic } = options;
  const groupId = options.groupId ?? `${dlqTopic}-replay`;
  const log = options.log ?? (() => undefined);
  const admin = await transport.admin();
  const producer = await transport.producer();
  const report: ReplayReport = { replayed: 0, stillFailing: 0 };
  try {
    const ends = await admin.endOffsets(dlqTopic);
    const committed = await admin.committedOffsets(groupId, dlqTopic);
    const pending = new Set(
      [...ends]
        .filter(([p, end]) => BigInt(end) > BigInt(committed.get(p) ?? '-1') && end !== '0')
        .map(([p]) => p),
    );
    if (pending.size === 0) return report;

    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const consumer = transport.consumer({
      groupId,
      topics: [dlqTopic],
      fromBeginning: true,
      async handleBatch(batch, ctx) {
        const end = BigInt(ends.get(batch.partition) ?? '0');
        const inRange = batch.messages.filter((m) => BigInt(m.offset) < end);
        const out: OutgoingMessage[] = [];
        for (const m of inRange) out.push(await route(m));
        await producer.send(out);
        const last = inRange.at(-1);
        if (last) ctx.markProcessed(last.offset);
        if (!last || BigInt(last.offset) >= end - 1n) {
          pending.delete(batch.partition);
          if (pending.size === 0) finish();
        }
      },
    });

    async function route(m: IncomingMessage): Promise<OutgoingMessage> {
      const source = m.headers[DLQ_HEADERS.sourceTopic];
      const logical = source ? options.logicalTopicOf(source) : undefined;
      const key = m.key;
      const value = m.value ?? Buffer.alloc(0);
      let failure: string | undefined = source && logical ? undefined : 'unknown source topic';
      if (!failure) {
        try {
          await codec.decode(logical as TopicName, value);
        } catch (err) {
          if (!isEventSystemError(err, ...(decodeErrorCodes as readonly DecodeErrorCode[]))) throw err;
          failure = err.code;
        }
      }
      if (!failure) {
        report.replayed += 1;
        log(`replayed ${dlqTopic}[${m.partition}]@${m.offset} -> ${source}`);
        return { topic: source as string, key, value, headers: withoutDlqHeaders(m.headers) };
      }
      report.stillFailing += 1;
      log(`still failing ${dlqTopic}[${m.partition}]@${m.offset}: ${failure}`);
      const attempts = Number(m.headers[REPLAY_ATTEMPTS_HEADER] ?? '0') + 1;
      return {
        topic: dlqTopic,
        key,
        value,
        headers: { ...m.headers, [REPLAY_ATTEMPTS_HEADER]: String(attempts) },
      };
    }

    const timeoutMs = options.timeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `${dlqTopic}: not every dead letter was read within ${timeoutMs / 1000}s (${report.replayed} replayed so far)`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      await consumer.start();
      await Promise.race([finished, timedOut]);
    } finally {
      clearTimeout(timer);
      await consumer.stop();
    }
    return report;
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}
