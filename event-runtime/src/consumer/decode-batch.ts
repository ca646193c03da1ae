import type { EventCodec } from '../codec/event-codec';
import { WriterSchemaNotFetchedError } from '../codec/event-decoder';
import type { TopicName } from '../generated';
import type { IncomingMessage } from '../transport/types';
import type { Rejected } from './dead-letter';
import { isPermanent } from './invalid-event';

/** A message and the event its bytes decoded to. */
export interface Decoded {
  message: IncomingMessage;
  event: { event_id: string };
}

/**
 * Decodes a batch's messages in offset order. Bytes that can never be decoded are set aside for
 * the dead-letter topic; a transient failure (registry unreachable) throws, so the batch is retried.
 *
 * @param options.tombstones true on a compacted topic, where a null value is a deletion marker (no
 *   event defines a deletion yet, so it is skipped); elsewhere a null value is dead-lettered.
 */
export async function decodeBatch(
  codec: EventCodec,
  topic: TopicName,
  messages: IncomingMessage[],
  options: { tombstones: boolean },
): Promise<{ decoded: Decoded[]; rejected: Rejected[] }> {
  const decoded: Decoded[] = [];
  const rejected: Rejected[] = [];
  for (const message of messages) {
    if (message.value === null && options.tombstones) continue;
    try {
      const event = decodeKnown(codec, topic, message.value) ?? (await codec.decode(topic, message.value));
      decoded.push({ message, event: event as Decoded['event'] });
    } catch (err) {
      if (!isPermanent(err)) throw err;
      rejected.push({ message, error: err });
    }
  }
  return { decoded, rejected };
}

/**
 * The event, decoded without a promise when its writer schema was fetched before (the steady state:
 * no microtask per message); undefined when `decode` must fetch it first.
 */
function decodeKnown(codec: EventCodec, topic: TopicName, value: Buffer | null): unknown {
  try {
    return codec.decodeSync(topic, value);
  } catch (err) {
    if (err instanceof WriterSchemaNotFetchedError) return undefined;
    throw err;
  }
}
