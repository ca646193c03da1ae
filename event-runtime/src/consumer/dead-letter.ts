import type { Logger } from 'pino';
import type { EventSystemError } from '../errors';
import type { TopicName } from '../generated';
import type { ServiceMetrics } from '../observability/metrics';
import { redactEmailAddresses } from '../observability/redact';
import {
  CLUSTER_DEFAULT_REPLICATION,
  type BatchProducer,
  type IncomingMessage,
  type OutgoingMessage,
  type TopicSpec,
} from '../transport/types';

/** Headers a dead letter carries, besides the original message's own. */
export const DLQ_HEADERS = {
  errorCode: 'dlq-error-code',
  errorMessage: 'dlq-error-message',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  failedAt: 'dlq-failed-at',
} as const;

/** The dead-letter topic of a source topic. */
const dlqTopicOf = (topic: string): string => `${topic}.dlq`;

/**
 * How a dead-letter topic is created. Retention is unlimited: a dead letter is an event that has not
 * been applied yet, and the broker's default retention (a week) would delete it before anyone replayed
 * it. One partition: dead letters are rare and a replay reads them in the order they failed.
 */
export function dlqTopicSpec(sourceTopic: string): TopicSpec {
  return {
    topic: dlqTopicOf(sourceTopic),
    partitions: 1,
    replicationFactor: CLUSTER_DEFAULT_REPLICATION,
    config: { 'retention.ms': '-1' },
  };
}

/** A message that can never be applied, and why: what a dead letter is made of. */
export interface Rejected {
  message: IncomingMessage;
  error: EventSystemError;
}

/**
 * The original bytes, untouched, so a replay sends exactly what the producer wrote. The error headers
 * carry no personal data: an email address quoted by an error message is redacted (the value itself
 * stays the event's, where it belongs).
 */
export function deadLetterOf(message: IncomingMessage, error: EventSystemError): OutgoingMessage {
  return {
    topic: dlqTopicOf(message.topic),
    key: message.key,
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...message.headers,
      [DLQ_HEADERS.errorCode]: error.code,
      [DLQ_HEADERS.errorMessage]: redactEmailAddresses(error.message).slice(0, 1000),
      [DLQ_HEADERS.sourceTopic]: message.topic,
      [DLQ_HEADERS.sourcePartition]: String(message.partition),
      [DLQ_HEADERS.sourceOffset]: message.offset,
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    },
  };
}

/**
 * Sends the rejected messages of one batch to their dead-letter topics in one send, then counts and
 * logs each. If the send fails the batch's offsets stay uncommitted and the batch comes back.
 */
export async function sendDeadLetters(
  out: { producer: BatchProducer; metrics: ServiceMetrics; logger: Logger },
  topic: TopicName,
  dead: Rejected[],
): Promise<void> {
  if (dead.length === 0) return;
  await out.producer.send(dead.map((d) => deadLetterOf(d.message, d.error)));
  for (const d of dead) {
    out.metrics.deadLetters.inc({ topic: d.message.topic, code: d.error.code });
    out.metrics.eventsConsumed.inc({ topic, outcome: 'dead_lettered' });
    out.logger.warn(
      {
        topic: d.message.topic,
        partition: d.message.partition,
        offset: d.message.offset,
        code: d.error.code,
        err: d.error,
      },
      'message dead-lettered',
    );
  }
}
