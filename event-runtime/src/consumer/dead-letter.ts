import type { EventSystemError } from '../errors';
import type { IncomingMessage, OutgoingMessage } from '../transport/types';

/** Headers a dead letter carries, besides the original message's own. */
export const DLQ_HEADERS = {
  errorCode: 'dlq-error-code',
  errorMessage: 'dlq-error-message',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  failedAt: 'dlq-failed-at',
} as const;

export const dlqTopicOf = (topic: string): string => `${topic}.dlq`;

/** The original bytes, untouched, so a replay sends exactly what the producer wrote. */
export function deadLetterOf(message: IncomingMessage, error: EventSystemError): OutgoingMessage {
  return {
    topic: dlqTopicOf(message.topic),
    key: message.key,
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...message.headers,
      [DLQ_HEADERS.errorCode]: error.code,
      [DLQ_HEADERS.errorMessage]: error.message.slice(0, 1000),
      [DLQ_HEADERS.sourceTopic]: message.topic,
      [DLQ_HEADERS.sourcePartition]: String(message.partition),
      [DLQ_HEADERS.sourceOffset]: message.offset,
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    },
  };
}
