/**
 * The relay's loop with its collaborators faked (the database's transactions, the producer, the LISTEN
 * connection): what a failed send does when two batches are in flight. Publishing against the real
 * stack is tested in test/integration/runtime.
 */
import type { Knex } from 'knex';
import pino from 'pino';
import { createServiceMetrics } from '../../../src/observability/metrics';
import { createOutboxRelay } from '../../../src/outbox/outbox-relay';
import type { OutboxRow } from '../../../src/outbox/outbox-store';
import type { BatchProducer } from '../../../src/transport/types';

// The LISTEN connection: a fake that connects at once and never notifies.
jest.mock('pg', () => ({
  Client: jest.fn().mockImplementation(() => ({
    on: jest.fn(),
    connect: jest.fn().mockResolvedValue(undefined),
    query: jest.fn().mockResolvedValue(undefined),
    end: jest.fn().mockResolvedValue(undefined),
  })),
}));

function row(id: number): OutboxRow {
  return {
    id: String(id),
    topic: 'order_created',
    key: `k${id}`,
    value: Buffer.from([id]),
    headers: {},
    event_id: `e${id}`,
    traceparent: null,
    tracestate: null,
  };
}

interface FakeTransaction {
  raw: jest.Mock;
  commit: jest.Mock;
  rollback: jest.Mock;
}

/** A database whose claims return `batches` in turn, then nothing; every transaction is recorded. */
function fakeDatabase(batches: OutboxRow[][]) {
  const transactions: FakeTransaction[] = [];
  const db = {
    transaction: jest.fn(async () => {
      const trx: FakeTransaction = {
        // A knex Raw: awaited for its result, named through options() (db/prepared.ts).
        raw: jest.fn(() => Object.assign(Promise.resolve({ rows: batches.shift() ?? [] }), { options() {} })),
        commit: jest.fn().mockResolvedValue(undefined),
        rollback: jest.fn().mockResolvedValue(undefined),
      };
      transactions.push(trx);
      return trx;
    }),
    // The backlog gauges' count.
    raw: jest.fn(async () => ({ rows: [{ count: '0', age: null }] })),
  };
  return { db: db as unknown as Knex, transactions };
}

/** Transactions that claimed rows and were rolled back (not the ones opened ahead and closed at stop). */
const rolledBackClaims = (transactions: FakeTransaction[]) =>
  transactions.filter((t) => t.raw.mock.calls.length > 0 && t.rollback.mock.calls.length > 0);

const rejectAfter = (ms: number) =>
  new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`broker gone (${ms} ms)`)), ms));

test('a full batch and the one claimed behind it both failing to send: both roll back, nothing is left unhandled', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  // A full batch (batchSize 2), then a short one claimed while the first is still sending.
  const { db, transactions } = fakeDatabase([[row(1), row(2)], [row(3)]]);
  const sends: number[] = [];
  const producer: BatchProducer = {
    // The first send fails after the second has started; the second fails later still.
    send: jest.fn(async (messages) => {
      sends.push(messages.length);
      return rejectAfter(sends.length === 1 ? 20 : 60);
    }),
    disconnect: jest.fn(),
  };
  const warn = jest.fn();
  const logger = pino({ level: 'silent' });
  logger.warn = warn as unknown as typeof logger.warn;
  const relay = createOutboxRelay({
    db,
    databaseUrl: 'postgres://unused',
    producer,
    logger,
    metrics: createServiceMetrics('relay-unit'),
    batchSize: 2,
    pollIntervalMs: 20,
    maxBackoffMs: 20,
    vacuumEveryRows: 0,
  });
  try {
    await relay.start();
    // Until both claimed batches have been rolled back (a pass or two of the loop; bounded by jest's timeout).
    while (rolledBackClaims(transactions).length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    await relay.stop();
    // Unhandled rejections are reported on a later turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
  }
  expect(unhandled).toEqual([]);
  expect(sends).toEqual([2, 1]);
  expect(rolledBackClaims(transactions)).toHaveLength(2);
  expect(
    transactions.every((t) => t.commit.mock.calls.length === 0 || t.rollback.mock.calls.length === 0),
  ).toBe(true);
  expect(
    warn.mock.calls.some(([fields]) => /broker gone/.test(String((fields as { err?: Error }).err))),
  ).toBe(true);
});
