import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import type { CommonServiceConfig } from '../../../src/config/env';
import type { EventHandlers } from '../../../src/consumer/types';
import type { ServiceRuntimeOptions } from '../../../src/service/types';
import type { Migration } from '../../../src/db/migrations';
import { runtimeMigrations } from '../../../src/db/migrations';
import type { UserCreated } from '../../../src/generated';
import { pollUntil, sleep } from '../../../src/retry';
import { createServiceRuntime } from '../../../src/service/service-runtime';
import type { ServiceRuntime } from '../../../src/service/types';
import { randomSuffix, testStack } from '../../../../test/support/stack-env';
import { waitUntil } from '../../../../test/support/wait';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import type { TestTopics } from '../../../../test/support/test-topics';

export { waitUntil };

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A table a test handler writes each applied user_created event into. */
export const seenUsersMigration: Migration = {
  name: '0100_test_seen_users',
  up: (db) =>
    db.schema.createTable('seen_users', (t) => {
      t.uuid('user_id').primary();
      t.text('email').notNullable();
      t.integer('applied_times').notNullable().defaultTo(1);
    }),
  down: (db) => db.schema.dropTable('seen_users'),
};

export function userCreated(overrides: Partial<UserCreated> = {}): UserCreated {
  const userId = randomUUID();
  return {
    event_id: randomUUID(),
    occurred_at: new Date(),
    user_id: userId,
    email: `${userId.slice(0, 8)}@example.com`,
    name: 'Test User',
    ...overrides,
  };
}

export function serviceConfig(db: TestDatabase, name: string): CommonServiceConfig {
  return {
    http: { host: '127.0.0.1', port: 0 },
    databaseUrl: db.url,
    kafka: { ...testStack.kafka, clientId: name, groupId: `${name}_${randomSuffix()}` },
    schemaRegistry: { url: testStack.registryUrl },
    logLevel: 'silent',
  };
}

export async function startRuntime(
  topics: TestTopics,
  db: TestDatabase,
  name: string,
  handlers: EventHandlers,
  relay: NonNullable<ServiceRuntimeOptions['relay']> = {},
): Promise<ServiceRuntime> {
  const runtime = createServiceRuntime({
    name,
    config: serviceConfig(db, name),
    db: db.db,
    logger: silentLogger,
    handlers,
    topicNames: topics.names,
    relay: { pollIntervalMs: 200, ...relay },
  });
  await runtime.start();
  return runtime;
}

/**
 * A copy of every row inserted into the outbox, kept by a trigger: the relay deletes the rows it
 * publishes, and tests compare what Kafka got with what was written, in id order.
 */
export const outboxLogMigration: Migration = {
  name: '0101_test_outbox_log',
  async up(db) {
    await db.raw(
      `create table outbox_log (id bigint primary key, topic text, key text, event_id uuid, value bytea)`,
    );
    await db.raw(`create function outbox_log_insert() returns trigger language plpgsql as $$
      begin
        insert into outbox_log values (new.id, new.topic, new.key, new.event_id, new.value);
        return null;
      end $$`);
    await db.raw(`create trigger outbox_log after insert on outbox
      for each row execute function outbox_log_insert()`);
  },
  async down(db) {
    await db.raw('drop trigger outbox_log on outbox');
    await db.raw('drop function outbox_log_insert');
    await db.raw('drop table outbox_log');
  },
};

export async function createDatabaseWithSeenUsers(): Promise<TestDatabase> {
  return createTestDatabase([...runtimeMigrations, seenUsersMigration, outboxLogMigration]);
}

export const recordSeenUser: EventHandlers['user_created'] = async (trx: Knex.Transaction, event) => {
  await trx('seen_users')
    .insert({ user_id: event.user_id, email: event.email })
    .onConflict('user_id')
    .merge({ applied_times: trx.raw('seen_users.applied_times + 1') });
};

export interface RawRecord {
  key: string;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Reads a topic from the beginning with a throwaway group until `count` records arrived. */
export async function readTopic(topic: string, count: number, timeoutMs = 20_000): Promise<RawRecord[]> {
  const kafka = new Kafka({ clientId: 'reader', brokers: testStack.brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader_${randomSuffix()}` });
  const records: RawRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
      records.push({
        key: message.key?.toString() ?? '',
        value: message.value,
        headers,
        partition,
        offset: message.offset,
      });
    },
  });
  try {
    await pollUntil(() => records.length >= count, { timeoutMs, what: `${count} records on ${topic}` });
    // Give a duplicate the chance to show up before the caller counts.
    await sleep(500);
    return records;
  } finally {
    await consumer.disconnect();
  }
}

export async function produceRaw(
  topic: string,
  messages: { key: string; value: Buffer | null }[],
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'raw-producer',
    brokers: testStack.brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages });
  await producer.disconnect();
}
