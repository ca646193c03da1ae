/**
 * Personal data stays out of logs and dead letters, end to end: an email address sent to the user
 * service (as its own process, at LOG_LEVEL=info) is in none of its log lines, even when its database
 * refuses the insert and the error is logged; a user_created event the order service's database
 * refuses is dead-lettered with error headers that do not quote the address, and its log does not
 * either.
 */
import { randomUUID } from 'node:crypto';
import { createOrderService, type OrderService } from '@contract-events/order-service';
import {
  createEventCodec,
  createKafkaTransport,
  createLogger,
  createSchemaRegistry,
} from '@contract-events/runtime/tools';
import { randomSuffix, testStack } from '../support/stack-env';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { createTestTopics, ensureRealContracts, type TestTopics } from '../support/test-topics';
import { startUserServiceProcess } from './support/service-process';
import { eventually, http, serviceConfig } from './support/system';

jest.setTimeout(120_000);

/** An address no other test uses, with upper case (the service stores it lower-cased). */
const distinctiveEmail = () => `Pii.Probe+${randomSuffix()}@Personal-Data.Example.org`;

/** True when `text` holds the address in any case. */
const holds = (text: string, email: string) => text.toLowerCase().includes(email.toLowerCase());

describe('the user service process at LOG_LEVEL=info', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    await ensureRealContracts(); // the process uses the real topics, as `npm start` does
    db = await createTestDatabase([]);
  });

  afterAll(() => db?.drop());

  test('logs no email address: created, refused as taken, refused by the database', async () => {
    const service = startUserServiceProcess({ DATABASE_URL: db.url, LOG_LEVEL: 'info' });
    const { child, lines } = service;
    const email = distinctiveEmail();
    const refusedEmail = distinctiveEmail();
    try {
      const url = await service.url();
      await eventually(async () => (await http('GET', `${url}/ready`)).status === 200);

      const created = await http('POST', `${url}/users`, { email, name: 'Pii Probe' });
      expect(created.status).toBe(201);
      expect(created.body.email).toBe(email.toLowerCase());
      expect((await http('POST', `${url}/users`, { email, name: 'Again' })).status).toBe(409);
      expect((await http('GET', `${url}/users/${created.body.id}`)).status).toBe(200);

      // A database that refuses the row: the request fails unexpectedly and the error is logged, with
      // PostgreSQL's message and detail ("Failing row contains (...)") and knex's statement.
      await db.db.raw(`alter table users add constraint pii_probe_refused check (name <> 'Refused Probe')`);
      const refused = await http('POST', `${url}/users`, { email: refusedEmail, name: 'Refused Probe' });
      expect(refused.status).toBe(500);

      // The relay published the created user's event (its batch is logged at info) and deleted its row.
      await eventually(
        async () => (await db.db('outbox').where({ key: created.body.id }).first()) === undefined,
      );
      child.kill('SIGTERM');
      expect(await service.exitCode()).toBe(0);

      const log = lines.join('\n');
      // The lines this test is about were written: one per request, and the unexpected error.
      expect(lines.filter((l) => l.includes('"route":"/users"')).length).toBeGreaterThanOrEqual(3);
      expect(log).toContain('request failed unexpectedly');
      expect(log).toContain('pii_probe_refused');
      expect(holds(log, email)).toBe(false);
      expect(holds(log, refusedEmail)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('a user_created event the order service cannot store', () => {
  let topics: TestTopics;
  let ordersDb: TestDatabase;
  let service: OrderService | undefined;
  const logLines: string[] = [];

  beforeAll(async () => {
    topics = await createTestTopics();
    ordersDb = await createTestDatabase([]);
    service = createOrderService(
      {
        ...serviceConfig(ordersDb, 'order-service', randomSuffix()),
        logLevel: 'info',
        defaultCurrency: 'EUR',
        projectionWaitMaxMs: 5000,
      },
      {
        topicNames: topics.names,
        // The logger the service process makes, writing into an array instead of standard output.
        logger: createLogger('order-service', 'info', { write: (line: string) => logLines.push(line) }),
      },
    );
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    await ordersDb?.drop();
    await topics?.remove();
  });

  test('is dead-lettered with error headers and a log that do not quote its email address', async () => {
    const transport = createKafkaTransport({ ...testStack.kafka, clientId: 'personal-data' });
    const codec = createEventCodec({
      registry: createSchemaRegistry({ url: testStack.registryUrl }),
      subjectFor: (topic) => `${topics.names[topic]}-value`,
    });
    await codec.init();
    const email = distinctiveEmail();
    const userId = randomUUID();
    // Valid Avro, but PostgreSQL text cannot hold NUL: the database refuses the insert (SQLSTATE 22021),
    // a permanent refusal, so the event is dead-lettered.
    const event = {
      event_id: randomUUID(),
      occurred_at: new Date(),
      user_id: userId,
      email,
      name: 'Nul\u0000',
    };
    const producer = await transport.producer();
    try {
      await producer.send([
        { topic: topics.names.user_created, key: userId, value: await codec.encode('user_created', event) },
      ]);
    } finally {
      await producer.disconnect();
    }

    const letters: Record<string, string>[] = [];
    const reader = transport.consumer({
      groupId: `reader_${randomSuffix()}`,
      topics: [`${topics.names.user_created}.dlq`],
      fromBeginning: true,
      commitOffsets: false,
      async handleBatch(batch, ctx) {
        for (const m of batch.messages) {
          if (m.key?.toString() === userId) letters.push(m.headers);
          ctx.markProcessed(m.offset);
        }
      },
    });
    await reader.start();
    try {
      await eventually(async () => letters.length > 0, 90_000);
    } finally {
      await reader.stop();
    }

    const headers = letters[0]!;
    expect(headers['dlq-error-code']).toBe('INVALID_EVENT');
    expect(headers['dlq-error-message']).toContain('the database refused the event');
    expect(holds(Object.values(headers).join('\n'), email)).toBe(false);

    await eventually(async () => logLines.some((l) => l.includes('message dead-lettered')));
    expect(holds(logLines.join(''), email)).toBe(false);
    expect(await ordersDb.db('users').where({ user_id: userId }).first()).toBeUndefined();
  });
});
