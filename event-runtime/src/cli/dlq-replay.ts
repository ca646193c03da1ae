/**
 * `npm run dlq:replay -- <topic>.dlq`: sends dead letters back to their source topic once they
 * decode against today's schemas. Reads KAFKA_BROKERS (with the Kafka security settings) and
 * SCHEMA_REGISTRY_* (config/registry-config.ts).
 */
import { createEventCodec } from '../codec/event-codec';
import { readToolConfig } from '../config/env';
import { replayDeadLetters } from '../consumer/dlq-replay';
import { topicNames, type TopicName } from '../generated';
import { createSchemaRegistry } from '../registry/schema-registry';
import { createKafkaTransport } from '../transport/kafka-transport';
import { exitWhenFlushed } from './exit';

async function main(dlqTopic: string | undefined): Promise<number> {
  if (!dlqTopic || !dlqTopic.endsWith('.dlq')) {
    console.error('usage: npm run dlq:replay -- <topic>.dlq   (e.g. user_created.dlq)');
    return 2;
  }
  const config = readToolConfig(process.env);
  const transport = createKafkaTransport({ ...config.kafka, clientId: 'dlq-replay' });
  const codec = createEventCodec({ registry: createSchemaRegistry(config.schemaRegistry) });
  const report = await replayDeadLetters({
    transport,
    codec,
    dlqTopic,
    logicalTopicOf: (source) =>
      (topicNames as readonly string[]).includes(source) ? (source as TopicName) : undefined,
    log: (line) => console.log(line),
  });
  console.log(
    `${dlqTopic}: ${report.replayed} replayed, ${report.stillFailing} still failing (moved to the end)`,
  );
  return 0;
}

main(process.argv[2]).then(
  (code) => exitWhenFlushed(code),
  (err: Error) => {
    console.error(`dlq:replay: ${err.message}`);
    exitWhenFlushed(1);
  },
);
