/**
 * The Kafka bindings (version 0.5.0) of the AsyncAPI document and the JSON Schema of record
 * headers: the parts that translate topics.json and the header list into AsyncAPI's vocabulary.
 */
import type { RecordHeader, TopicContract } from '@contract-events/contracts';
import { describeNode } from '@contract-events/contracts';

/** Version of the AsyncAPI Kafka bindings used throughout. */
export const KAFKA_BINDING_VERSION = '0.5.0';

// The binding types these topic configs (integers, and cleanup.policy as a list); other configs
// are kept as Kafka takes them, as text.
const INTEGER_CONFIGS = new Set([
  'retention.ms',
  'retention.bytes',
  'delete.retention.ms',
  'max.message.bytes',
]);

/** Pure: a topic's config as the Kafka channel binding's `topicConfiguration`. */
export function topicConfiguration(config: Readonly<Record<string, string>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([name, value]) => {
      if (name === 'cleanup.policy') return [name, value.split(',').map((p) => p.trim())];
      if (INTEGER_CONFIGS.has(name) && /^-?[0-9]+$/.test(value)) return [name, Number(value)];
      return [name, value];
    }),
  );
}

/** Pure: the Kafka channel binding of a topic (or of a dead-letter topic, given its settings). */
export function channelBinding(
  topic: string,
  partitions: number,
  config: Readonly<Record<string, string>>,
  valueStrategy: boolean,
): Record<string, unknown> {
  return {
    topic,
    partitions,
    topicConfiguration: {
      ...topicConfiguration(config),
      ...(valueStrategy ? { 'confluent.value.subject.name.strategy': 'TopicNameStrategy' } : {}),
    },
    bindingVersion: KAFKA_BINDING_VERSION,
  };
}

/** Pure: the Kafka message binding: the key and where the registry's schema id is. */
export function messageBinding(contract: TopicContract): Record<string, unknown> {
  const keyField = contract.root.fields.find((f) => f.name === contract.keyField);
  const logical = keyField?.type.kind === 'primitive' ? keyField.type.logical?.name : undefined;
  return {
    key: {
      type: 'string',
      ...(logical === 'uuid' ? { format: 'uuid' } : {}),
      description:
        `The value's \`${contract.keyField}\` field (${keyField ? describeNode(keyField.type) : '?'}) as UTF-8 ` +
        'text: all events of one key land on one partition, in order.',
    },
    schemaIdLocation: 'payload',
    schemaIdPayloadEncoding: 'confluent',
    schemaLookupStrategy: 'TopicNameStrategy',
    bindingVersion: KAFKA_BINDING_VERSION,
  };
}

/** Pure: a JSON Schema object for records carrying `lists`' headers (text values). */
export function headersSchema(...lists: readonly Record<string, RecordHeader>[]): Record<string, unknown> {
  const all = lists.flatMap((list) => Object.values(list));
  return {
    type: 'object',
    properties: Object.fromEntries(all.map((h) => [h.name, { ...h.schema, description: h.description }])),
    required: all.filter((h) => h.required).map((h) => h.name),
  };
}
