import { deadLetterHeaders, deadLetterTopicOf, deadLetterTopicSettings } from '@contract-events/contracts';
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

/**
 * Names of the headers a dead letter carries besides the original message's own (`dlq:replay` strips
 * these when it sends a letter back). Declared, with what each holds, in @contract-events/contracts'
 * `deadLetterHeaders`, which codegen documents.
 */
export const DLQ_HEADERS = {
  errorCode: deadLetterHeaders.errorCode.name,
  errorMessage: deadLetterHeaders.errorMessage.name,
  sourceTopic: deadLetterHeaders.sourceTopic.name,
  sourcePartition: deadLetterHeaders.sourcePartition.name,
  sourceOffset: deadLetterHeaders.sourceOffset.name,
  failedAt: deadLetterHeaders.failedAt.name,
} as const;

/**
 * How a dead-letter topic is created: its name and settings are @contract-events/contracts'
 * (`deadLetterTopicOf`, `deadLetterTopicSettings`, with why), which codegen documents too.
 */
export function dlqTopicSpec(sourceTopic: string): TopicSpec {
  return {
    topic: deadLetterTopicOf(sourceTopic),
    partitions: deadLetterTopicSettings.partitions,
    replicationFactor: CLUSTER_DEFAULT_REPLICATION,
    config: { ...deadLetterTopicSettings.config },
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
    topic: deadLetterTopicOf(message.topic),
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
