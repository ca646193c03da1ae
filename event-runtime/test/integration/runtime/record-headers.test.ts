/**
 * What our records carry besides the Avro value, read back from the real Kafka through the
 * transport (so on KAFKA_CLIENT's client, both ways): the CloudEvents Kafka binding's headers, which
 * the `cloudevents` SDK turns into events with the right attributes, and the W3C trace context the
 * relay injects. A dead letter keeps them, and a replayed one carries them back without the dlq-*
 * headers.
 */
import { SpanKind, context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { Kafka as CloudEventsKafka, type CloudEvent, type KafkaMessage } from 'cloudevents';
import { AVRO_CONTENT_TYPE, eventHeaders, traceHeaders } from '@contract-events/contracts';
import { createEventCodec } from '../../../src/codec/event-codec';
import { TRACING_DISABLED } from '../../../src/config/tracing-config';
import { DLQ_HEADERS } from '../../../src/consumer/dead-letter';
import { replayDeadLetters } from '../../../src/consumer/dlq-replay';
import { InvalidEventError } from '../../../src/consumer/invalid-event';
import type { UserCreated } from '../../../src/generated';
import { createTracing, type Tracing } from '../../../src/observability/tracing';
import { createSchemaRegistry } from '../../../src/registry/schema-registry';
import { pollUntil } from '../../../src/retry';

/** Every header an event's record may carry: the outbox's and the relay's trace context. */
const RECORD_HEADER_NAMES = [...Object.values(eventHeaders), ...Object.values(traceHeaders)].map(
  (h) => h.name,
);
import { createServiceRuntime } from '../../../src/service/service-runtime';
import type { ServiceRuntime } from '../../../src/service/types';
import { createKafkaTransport } from '../../../src/transport/kafka-transport';
import type { IncomingMessage } from '../../../src/transport/types';
import { randomSuffix, testStack } from '../../../../test/support/stack-env';
import type { TestDatabase } from '../../../../test/support/test-database';
import { createTestTopics, type TestTopics } from '../../../../test/support/test-topics';
import {
  createDatabaseWithSeenUsers,
  recordSeenUser,
  serviceConfig,
  silentLogger,
  startRuntime,
  userCreated,
  waitUntil,
} from './runtime-harness';

jest.setTimeout(90_000);

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let topics: TestTopics;
let producerDb: TestDatabase;
let consumerDb: TestDatabase;
let producer: ServiceRuntime;
let consumer: ServiceRuntime;
let rejecting = true;
let rejectedUserId = '';

beforeAll(async () => {
  tracing = createTracing({ ...TRACING_DISABLED, serviceName: 'user-service' }, exporter);
  topics = await createTestTopics();
  [producerDb, consumerDb] = await Promise.all([
    createDatabaseWithSeenUsers(),
    createDatabaseWithSeenUsers(),
  ]);
  producer = createServiceRuntime({
    name: 'user-service',
    config: serviceConfig(producerDb, 'user-service'),
    db: producerDb.db,
    logger: silentLogger,
    handlers: {},
    topicNames: topics.names,
    relay: { pollIntervalMs: 200 },
    tracer: tracing.tracer,
  });
  await producer.start();
  consumer = await startRuntime(topics, consumerDb, 'consumer', {
    user_created: async (trx, event, meta) => {
      if (event.name === 'REJECT ME' && rejecting) throw new InvalidEventError('names may not be REJECT ME');
      await recordSeenUser!(trx, event, meta);
    },
  });
});

afterAll(async () => {
  await producer?.stop();
  await consumer?.stop();
  await tracing?.shutdown();
  await Promise.all([producerDb?.drop(), consumerDb?.drop()]);
  await topics?.remove();
});

/** Reads `topic` from the beginning through the runtime's transport until `count` records came. */
async function readRecords(topic: string, count: number): Promise<IncomingMessage[]> {
  const transport = createKafkaTransport({
    ...testStack.kafka,
    clientId: 'record-reader',
    logger: silentLogger,
  });
  const records: IncomingMessage[] = [];
  const reader = transport.consumer({
    groupId: `record-reader_${randomSuffix()}`,
    topics: [topic],
    fromBeginning: true,
    commitOffsets: false,
    async handleBatch(batch, ctx) {
      records.push(...batch.messages);
      const last = batch.messages.at(-1);
      if (last) ctx.markProcessed(last.offset);
    },
  });
  await reader.start();
  try {
    await pollUntil(() => records.length >= count, {
      timeoutMs: 30_000,
      what: `${count} records on ${topic}`,
    });
    return records;
  } finally {
    await reader.stop();
  }
}

/** A record as the SDK's Kafka binding takes it (`body` is the base Message's; the binding reads `value`). */
function toCloudEvent(record: IncomingMessage): CloudEvent<unknown> {
  const message: KafkaMessage<Buffer | null> = {
    key: record.key?.toString() ?? '',
    value: record.value,
    body: record.value,
    headers: record.headers,
    timestamp: record.timestamp,
  };
  return CloudEventsKafka.toEvent(message) as CloudEvent<unknown>;
}

/** Enqueues the events in one transaction, inside a span standing for the HTTP request. */
async function enqueueInRequest(events: UserCreated[]): Promise<string> {
  return tracing.tracer.startActiveSpan('POST /users', async (span) => {
    await producerDb.db.transaction(async (trx) => {
      for (const event of events) await producer.outbox.enqueue(trx, 'user_created', event);
    });
    span.end();
    return span.spanContext().traceId;
  });
}

test('the cloudevents SDK reads our records as CloudEvents; each carries its trace context', async () => {
  const good = userCreated({ occurred_at: new Date('2026-01-02T03:04:05.678Z') });
  const rejected = userCreated({ name: 'REJECT ME' });
  rejectedUserId = rejected.user_id;
  const traceId = await enqueueInRequest([good, rejected]);

  const records = await readRecords(topics.names.user_created, 2);
  const byId = new Map(records.map((r) => [r.headers.ce_id, r]));
  const record = byId.get(good.event_id)!;
  expect(Object.keys(record.headers).sort()).toEqual(
    RECORD_HEADER_NAMES.filter((n) => n !== 'tracestate').sort(),
  );

  const event = toCloudEvent(record);
  expect(event).toMatchObject({
    specversion: '1.0',
    id: good.event_id,
    source: '/user-service',
    type: 'com.contractevents.events.UserCreated',
    time: '2026-01-02T03:04:05.678Z',
    datacontenttype: AVRO_CONTENT_TYPE,
    partitionkey: good.user_id,
  });
  expect(event.validate()).toBe(true);
  // The data is the record's value as it is: the registry-framed Avro, which our codec decodes.
  const codec = createEventCodec({
    registry: createSchemaRegistry({ url: testStack.registryUrl }),
    subjectFor: (t) => `${topics.names[t]}-value`,
  });
  const data = event.data as Buffer;
  expect(Buffer.compare(data, record.value!)).toBe(0);
  expect(await codec.decode('user_created', data)).toEqual(good);

  // traceparent: the request's trace, whose parent is the relay's send span for this record.
  const [, headerTraceId, parentSpanId] = (record.headers.traceparent ?? '').split('-');
  expect(headerTraceId).toBe(traceId);
  const send = exporter
    .getFinishedSpans()
    .find((s) => s.kind === SpanKind.PRODUCER && s.attributes['messaging.message.id'] === good.event_id);
  expect(send?.spanContext().spanId).toBe(parentSpanId);
  expect(send?.spanContext().traceId).toBe(traceId);
  // The request's span was active only inside it.
  expect(trace.getSpan(context.active())).toBeUndefined();
});

test('a dead letter keeps the CloudEvents and trace headers; a replay sends them back without dlq-*', async () => {
  const dlqTopic = `${topics.names.user_created}.dlq`;
  const [letter] = await readRecords(dlqTopic, 1);
  expect(letter!.headers[DLQ_HEADERS.errorCode]).toBe('INVALID_EVENT');
  const original = (await readRecords(topics.names.user_created, 2)).find(
    (r) => r.headers.ce_id === letter!.headers.ce_id,
  )!;
  for (const name of RECORD_HEADER_NAMES.filter((n) => original.headers[n] !== undefined))
    expect(letter!.headers[name]).toBe(original.headers[name]);
  expect(toCloudEvent(letter!).id).toBe(original.headers.ce_id);

  rejecting = false;
  const report = await replayDeadLetters({
    transport: createKafkaTransport({ ...testStack.kafka, clientId: 'replay-test', logger: silentLogger }),
    codec: createEventCodec({
      registry: createSchemaRegistry({ url: testStack.registryUrl }),
      subjectFor: (t) => `${topics.names[t]}-value`,
    }),
    dlqTopic,
    logicalTopicOf: (source) => (source === topics.names.user_created ? 'user_created' : undefined),
  });
  expect(report).toEqual({ replayed: 1, stillFailing: 0 });
  const records = await readRecords(topics.names.user_created, 3);
  const replayed = records.filter((r) => r.headers.ce_id === original.headers.ce_id).at(-1)!;
  expect(replayed.offset).not.toBe(original.offset);
  expect(replayed.headers).toEqual(original.headers);
  // The consumer applies it now that its rule accepts it.
  const applied = await waitUntil(() =>
    consumerDb.db('seen_users').where({ user_id: rejectedUserId }).first(),
  );
  expect(applied).toMatchObject({ applied_times: 1 });
});
