/**
 * `npm run inspect` against the real broker and registry, on this file's own random topics: one test
 * per option, run through `runInspect` with its output captured, and the program itself as a process
 * for bad input and for `--follow` (stopped with SIGINT once it printed a record sent after it started).
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createEventCodec, type EventCodec } from '../../../src/codec/event-codec';
import { deadLetterOf, dlqTopicSpec } from '../../../src/consumer/dead-letter';
import { DecodeError } from '../../../src/errors';
import { topicSchemas, type OrderCreated } from '../../../src/generated';
import { createSchemaRegistry } from '../../../src/registry/schema-registry';
import { createKafkaTransport } from '../../../src/transport/kafka-transport';
import type { BatchProducer, OutgoingMessage } from '../../../src/transport/types';
import { runInspect } from '../../../src/cli/inspect-main';
import type { InspectedRecord } from '../../../src/cli/inspect-record';
import { REPO_ROOT } from '../../../../test/support/cli-process';
import { sendRetrying } from '../../../../test/support/kafka-send';
import { testStack } from '../../../../test/support/stack-env';
import { createTestTopics, type TestTopics } from '../../../../test/support/test-topics';
import { waitUntil } from '../../../../test/support/wait';

jest.setTimeout(120_000);

const env = {
  ...process.env,
  KAFKA_BROKERS: testStack.brokers.join(','),
  SCHEMA_REGISTRY_URL: testStack.registryUrl,
};

/** Runs the inspector in this process; what it printed, split into records (JSON lines or blocks). */
async function inspect(args: string[], signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runInspect(args, { out: (t) => out.push(t), err: (t) => err.push(t), env, signal });
  return { code, out, err: err.join('\n') };
}

async function inspectJson(args: string[]): Promise<InspectedRecord[]> {
  const run = await inspect([...args, '--json']);
  expect(run.code).toBe(0);
  return run.out.map((line) => JSON.parse(line) as InspectedRecord);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const where = (r: { partition: number; offset: string }) => `${r.partition}@${r.offset}`;

function orderEvent(order_id: string, amount: string): OrderCreated {
  return {
    event_id: randomUUID(),
    occurred_at: new Date('2026-11-30T04:00:00.123Z'),
    order_id,
    user_id: randomUUID(),
    amount,
    currency: 'EUR',
  };
}

describe('npm run inspect', () => {
  let topics: TestTopics;
  let topic: string;
  let codec: EventCodec;
  let producer: BatchProducer;
  const transport = createKafkaTransport({ ...testStack.kafka, clientId: 'inspect-test' });
  /** What the first batch wrote, as the broker placed it: partition@offset → event. */
  const sent = new Map<string, OrderCreated>();
  /** Two records share this key (one partition), besides one record of their own per other key. */
  const sharedKey = randomUUID();

  const send = async (messages: OutgoingMessage[]) => sendRetrying(producer, messages);
  const orderMessage = async (key: string, amount: string) => {
    const event = orderEvent(key, amount);
    return { event, message: { topic, key, value: await codec.encode('order_created', event) } };
  };

  beforeAll(async () => {
    topics = await createTestTopics();
    topic = topics.names.order_created;
    const registry = createSchemaRegistry({ url: testStack.registryUrl });
    codec = createEventCodec({
      registry,
      topics: ['order_created'],
      subjectFor: () => `${topic}-value`,
    });
    producer = await transport.producer();
    const keys = [sharedKey, sharedKey, ...Array.from({ length: 10 }, () => randomUUID())];
    const batch = await Promise.all(keys.map((k, i) => orderMessage(k, `${i}.50`)));
    await send(batch.map((b) => b.message));
    // Where each landed, read back once with the inspector itself from the beginning.
    const records = await inspectJson([topic, '--from-beginning']);
    for (const r of records) {
      const event = batch.find((b) => b.event.event_id === (r.value as { event_id: string }).event_id)!.event;
      sent.set(where(r), event);
    }
  });

  /**
   * A test's own topics, with a producer of their own: a kafkajs producer that sent to a topic since
   * deleted fails its next sends (it refreshes the metadata of every topic it wrote to).
   */
  async function withOwnTopics(
    use: (own: TestTopics, sendOwn: (messages: OutgoingMessage[]) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const own = await createTestTopics();
    const ownProducer = await transport.producer();
    try {
      await use(own, (messages) => sendRetrying(ownProducer, messages));
    } finally {
      await ownProducer.disconnect();
      await own.remove();
    }
  }

  afterAll(async () => {
    await producer?.disconnect();
    await topics?.remove();
  });

  test('--from-beginning --json: every record once, in offset order per partition, with its schema and exact values', async () => {
    const records = await inspectJson([topic, '--from-beginning']);
    expect(records.map(where).sort()).toEqual([...sent.keys()].sort());
    expect(sent.size).toBe(12);
    for (const p of [0, 1, 2]) {
      const offsets = records.filter((r) => r.partition === p).map((r) => Number(r.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
    const registry = createSchemaRegistry({ url: testStack.registryUrl });
    const id = await registry.lookupSchemaId(`${topic}-value`, topicSchemas.order_created);
    for (const r of records) {
      const event = sent.get(where(r))!;
      expect(r).toMatchObject({
        topic,
        key: event.order_id,
        schema: { id, subject: `${topic}-value`, version: 1 },
        value: { ...event, occurred_at: '2026-11-30T04:00:00.123Z', amount: event.amount },
      });
      expect(new Date(r.timestamp).toISOString()).toBe(r.timestamp);
      expect(typeof (r.value as { amount: unknown }).amount).toBe('string');
    }
  });

  test('--pretty (the default): a block per record, readable, no Buffer printed', async () => {
    // A partition that has records: with random keys, any one of the three may have none.
    const partition = [...sent.keys()][0]!.split('@')[0]!;
    const run = await inspect([topic, '--partition', partition, '--limit', '1']);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(1);
    const block = run.out[0]!;
    const first = [...sent].find(([w]) =>
      block.startsWith(`${topic}  partition ${w.split('@')[0]}  offset ${w.split('@')[1]}  `),
    );
    expect(first).toBeDefined();
    const [, event] = first!;
    expect(block).toContain(`  key         ${event.order_id}\n`);
    expect(block).toContain(`  schema      ${topic}-value v1  id `);
    expect(block).toContain(`"amount": "${event.amount}"`);
    expect(block).toContain('"occurred_at": "2026-11-30T04:00:00.123Z"');
    expect(block).not.toContain('Buffer');
    expect((await inspect([topic, '--partition', partition, '--limit', '1', '--pretty'])).out).toEqual(
      run.out,
    );
  });

  test('--from <offset>: from that offset in every partition, or in the one of --partition', async () => {
    const all = await inspectJson([topic, '--from', '1']);
    expect(all.map(where).sort()).toEqual([...sent.keys()].filter((w) => !w.endsWith('@0')).sort());
    const busiest = [0, 1, 2].sort(
      (a, b) =>
        [...sent.keys()].filter((w) => w.startsWith(`${b}@`)).length -
        [...sent.keys()].filter((w) => w.startsWith(`${a}@`)).length,
    )[0]!;
    const one = await inspectJson([topic, '--partition', String(busiest), '--from', '2']);
    const expected = [...sent.keys()].filter(
      (w) => w.startsWith(`${busiest}@`) && Number(w.split('@')[1]) >= 2,
    );
    expect(one.map(where)).toEqual(
      expected.sort((a, b) => Number(a.split('@')[1]) - Number(b.split('@')[1])),
    );
  });

  test('--from <ISO time>: only records written at or after that time (offsets for timestamp)', async () => {
    // A fresh topic of its own, so earlier tests' records do not matter: a first batch, then the time, then a second.
    await withOwnTopics(async (own, sendOwn) => {
      const t = own.names.order_created;
      const ownCodec = createEventCodec({
        registry: createSchemaRegistry({ url: testStack.registryUrl }),
        topics: ['order_created'],
        subjectFor: () => `${t}-value`,
      });
      const make = async () => {
        const event = orderEvent(randomUUID(), '1.00');
        return {
          event,
          message: { topic: t, key: event.order_id, value: await ownCodec.encode('order_created', event) },
        };
      };
      const before = await Promise.all([make(), make(), make()]);
      await sendOwn(before.map((b) => b.message));
      // Record timestamps are the producer's clock (CreateTime), this machine's: strictly between the batches.
      await pause(5);
      const between = new Date();
      await pause(5);
      const after = await Promise.all([make(), make(), make(), make()]);
      await sendOwn(after.map((b) => b.message));
      const records = await inspectJson([t, '--from', between.toISOString()]);
      const ids = records.map((r) => (r.value as { event_id: string }).event_id).sort();
      expect(ids).toEqual(after.map((a) => a.event.event_id).sort());
      expect(await inspectJson([t, '--from', new Date(Date.now() + 3_600_000).toISOString()])).toEqual([]);
    });
  });

  test('--partition: only that partition, all of it', async () => {
    for (const p of [0, 1, 2]) {
      const records = await inspectJson([topic, '--partition', String(p)]);
      expect(records.map(where)).toEqual([...sent.keys()].filter((w) => w.startsWith(`${p}@`)));
    }
  });

  test('--key: only the records with that key', async () => {
    const records = await inspectJson([topic, '--key', sharedKey]);
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.key === sharedKey)).toBe(true);
    expect(records.map((r) => (r.value as { amount: string }).amount).sort()).toEqual(['0.50', '1.50']);
  });

  test('--limit: stops after N records', async () => {
    const run = await inspect([topic, '--limit', '3', '--json']);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(3);
    expect(run.err).toContain(`3 record(s) from ${topic}`);
    const wheres = run.out.map((l) => where(JSON.parse(l) as InspectedRecord));
    for (const w of wheres) expect(sent.has(w)).toBe(true);
  });

  test('a dead-letter topic: error code, reason and source position, and the original value decoded when it can be', async () => {
    const admin = await transport.admin();
    try {
      await admin.ensureTopics([dlqTopicSpec(topic)]);
    } finally {
      await admin.disconnect();
    }
    const { event, message } = await orderMessage(randomUUID(), '9.99');
    const source = {
      topic,
      partition: 1,
      offset: '7',
      key: Buffer.from(event.order_id),
      headers: { trace: 'abc' },
      timestamp: '0',
    };
    const decodable = deadLetterOf(
      { ...source, value: message.value },
      new DecodeError('handler refused it', 'MALFORMED_BODY'),
    );
    const broken = deadLetterOf(
      { ...source, offset: '8', value: Buffer.from([0x07, 0x01, 0x02]) },
      new DecodeError('Message starts with byte 0x07', 'BAD_MAGIC_BYTE'),
    );
    await send([decodable, broken]);
    const [first, second] = await inspectJson([`${topic}.dlq`]);
    expect(first).toMatchObject({
      key: event.order_id,
      headers: { trace: 'abc' },
      deadLetter: {
        code: 'MALFORMED_BODY',
        reason: 'handler refused it',
        source: { topic, partition: '1', offset: '7' },
      },
      schema: { subject: `${topic}-value`, version: 1 },
      value: { event_id: event.event_id, amount: '9.99' },
    });
    expect(first!.headers).not.toHaveProperty('dlq-error-code');
    expect(second).toMatchObject({
      deadLetter: { code: 'BAD_MAGIC_BYTE', source: { offset: '8' } },
      undecodable: { code: 'BAD_MAGIC_BYTE', hex: '070102' },
    });
    expect(second!.value).toBeUndefined();
    const pretty = (await inspect([`${topic}.dlq`])).out.join('\n');
    expect(pretty).toContain(`  dead letter MALFORMED_BODY: handler refused it`);
    expect(pretty).toContain(`  source      ${topic}  partition 1  offset 7  failed at `);
  });

  test('an undecodable record: its bytes in hex and the reason, the schema it names when framed', async () => {
    await withOwnTopics(async (own, sendOwn) => {
      const t = own.names.order_created;
      const ownCodec = createEventCodec({
        registry: createSchemaRegistry({ url: testStack.registryUrl }),
        topics: ['order_created'],
        subjectFor: () => `${t}-value`,
      });
      const key = randomUUID();
      const truncated = (await ownCodec.encode('order_created', orderEvent(key, '3.00'))).subarray(0, 12);
      await sendOwn([
        { topic: t, key, value: Buffer.from('not avro') },
        { topic: t, key, value: truncated },
      ]);
      const records = await inspectJson([t]);
      expect(records).toHaveLength(2);
      const [plain, cut] = records.sort((a, b) => Number(a.offset) - Number(b.offset));
      expect(plain).toMatchObject({
        undecodable: { code: 'BAD_MAGIC_BYTE', hex: Buffer.from('not avro').toString('hex') },
      });
      expect(plain!.undecodable!.reason).toContain('magic byte');
      expect(plain!.schema).toBeUndefined();
      expect(cut).toMatchObject({
        undecodable: { code: 'TRUNCATED_MESSAGE', hex: truncated.toString('hex') },
        schema: { subject: `${t}-value`, version: 1 },
      });
      expect(cut!.value).toBeUndefined();
      const pretty = (await inspect([t])).out.join('\n');
      expect(pretty).toContain(`  undecodable BAD_MAGIC_BYTE: `);
      expect(pretty).toContain(`  bytes       ${Buffer.from('not avro').toString('hex')}`);
    });
  });

  describe('as a process', () => {
    const CLI = path.join(REPO_ROOT, 'event-runtime/src/cli/inspect.ts');
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

    function start(args: string[]) {
      const child = spawn(tsx, [CLI, ...args], { cwd: REPO_ROOT, env: { ...env, FORCE_COLOR: '0' } });
      const output = { stdout: '', stderr: '' };
      child.stdout.on('data', (d: Buffer) => (output.stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output.stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      return { child, output, exited };
    }

    test.each([
      [['no_such_topic_' + randomUUID()], /inspect: topic no_such_topic_\S+ does not exist in Kafka/],
      [['TOPIC', '--from', '12x'], /inspect: --from "12x": expected an offset/],
      [
        ['TOPIC', '--from', '2026-13-45T99:00:00Z'],
        /inspect: --from "2026-13-45T99:00:00Z": expected an offset \(0, 42, ...\) or an ISO 8601 time/,
      ],
      [['TOPIC', '--partition', '7'], /inspect: topic \S+ has no partition 7 \(partitions 0 to 2\)/],
      [['TOPIC', '--limit', 'lots'], /inspect: --limit "lots": expected a whole number of at least 1/],
    ])('bad input %j: a sentence, exit 2, no stack trace', async (args, message) => {
      const run = start(args.map((a) => (a === 'TOPIC' ? topic : a)));
      expect(await run.exited).toBe(2);
      expect(run.output.stderr).toMatch(message);
      expect(run.output.stderr).not.toMatch(/\n\s+at /);
      expect(run.output.stdout).toBe('');
    });

    test('--follow prints records sent after it started, and ends on SIGINT with exit 0', async () => {
      const run = start([topic, '--follow', '--json']);
      try {
        // It has read what was there (the first batch) before anything new is sent.
        await waitUntil(async () => run.output.stdout.trim().split('\n').length >= sent.size, 90_000);
        const { event, message } = await orderMessage(randomUUID(), '42.00');
        await send([message]);
        await waitUntil(async () => run.output.stdout.includes(event.event_id), 90_000);
        const line = run.output.stdout.split('\n').find((l) => l.includes(event.event_id))!;
        expect(JSON.parse(line)).toMatchObject({ key: event.order_id, value: { amount: '42.00' } });
      } finally {
        run.child.kill('SIGINT');
      }
      expect(await run.exited).toBe(0);
      expect(run.output.stderr).toMatch(/\d+ record\(s\) from /);
    });
  });
});
