import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { sleep } from '../../../src/retry';
import { createResilientConsumer } from '../../../src/transport/kafkajs-consumer';
import type { ConsumeOptions } from '../../../src/transport/types';

/** Just enough of a kafkajs consumer to drive its lifecycle events from the test. */
class FakeConsumer extends EventEmitter {
  readonly events = { GROUP_JOIN: 'group_join', STOP: 'stop', CRASH: 'crash' };
  connected = false;
  running = false;
  disconnected = false;
  async connect() {
    this.connected = true;
  }
  async subscribe() {}
  eachBatch?: (payload: unknown) => Promise<void>;
  /** Commits through consumer.commitOffsets (a timer, stop) and through a batch's own function. */
  readonly commits: {
    via: 'consumer' | 'batch';
    offsets: { topic: string; partition: number; offset: string }[];
  }[] = [];
  /** kafkajs's run() resolves once the group is joined: a test holds the join back with this. */
  static joined: Promise<void> = Promise.resolve();
  async run(config: { eachBatch: (payload: unknown) => Promise<void> }) {
    this.running = true;
    this.eachBatch = config.eachBatch;
    await FakeConsumer.joined;
  }
  /** As kafkajs's: once its stop has begun, consumer.commitOffsets returns without committing. */
  async commitOffsets(offsets: { topic: string; partition: number; offset: string }[]) {
    if (this.stopping) return;
    this.commits.push({ via: 'consumer', offsets });
  }
  stopping = false;
  /** The batch being handled, which disconnect() waits for (as kafkajs's runner does). */
  private delivering: Promise<void> = Promise.resolve();
  /** Hands a batch of `offsets` of partition `partition` of topic t to the consumer's eachBatch. */
  deliver(partition: number, offsets: string[]): Promise<void> {
    this.delivering = this.handle(partition, offsets);
    return this.delivering;
  }
  private async handle(partition: number, offsets: string[]) {
    await this.eachBatch!({
      batch: {
        topic: 't',
        partition,
        highWatermark: '100',
        messages: offsets.map((offset) => ({ offset, key: null, value: null, headers: {}, timestamp: '0' })),
      },
      heartbeat: async () => undefined,
      resolveOffset: () => undefined,
      commitOffsetsIfNecessary: async (o: {
        topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
      }) => {
        this.commits.push({
          via: 'batch',
          offsets: o.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, ...p }))),
        });
      },
      isRunning: () => true,
      isStale: () => false,
    });
  }
  /** kafkajs's consumer.stop(), which also clears a restart it scheduled after a crash. */
  stops = 0;
  async stop() {
    this.stops += 1;
  }
  async disconnect() {
    this.stopping = true;
    await this.delivering;
    this.disconnected = true;
  }
  join(memberAssignment: Record<string, number[]> = { t: [0] }) {
    this.emit(this.events.GROUP_JOIN, { payload: { memberAssignment } });
  }
  crash(restart: boolean) {
    this.emit(this.events.CRASH, { payload: { error: new Error('boom'), restart } });
  }
}

const options: ConsumeOptions = {
  groupId: 'g',
  topics: ['t'],
  fromBeginning: true,
  // Every batch is handled to its end.
  handleBatch: async (batch, ctx) => ctx.markProcessed(batch.messages.at(-1)!.offset),
};

function setup(overrides: Partial<ConsumeOptions> = {}, commitIntervalMs = 1000) {
  const made: FakeConsumer[] = [];
  const consumer = createResilientConsumer(
    () => {
      const fake = new FakeConsumer();
      made.push(fake);
      return fake as unknown as Consumer;
    },
    { ...options, ...overrides },
    undefined,
    10,
    commitIntervalMs,
  );
  return { consumer, made };
}

test('reports joined, and the partitions it owns, between a group join and a crash', async () => {
  const { consumer, made } = setup();
  await consumer.start();
  expect(consumer.isJoined()).toBe(false);
  expect(consumer.assignment()).toEqual({});
  made[0]!.join({ t: [0, 2] });
  expect(consumer.isJoined()).toBe(true);
  expect(consumer.assignment()).toEqual({ t: [0, 2] });
  made[0]!.crash(true);
  expect(consumer.isJoined()).toBe(false);
  expect(consumer.assignment()).toEqual({});
  await consumer.stop();
});

test('stop() lets a join still in progress settle before it disconnects', async () => {
  let join!: () => void;
  FakeConsumer.joined = new Promise((resolve) => (join = resolve));
  try {
    const { consumer, made } = setup();
    await consumer.start();
    const stopping = consumer.stop();
    await sleep(20);
    expect(made[0]!.disconnected).toBe(false);
    join();
    await stopping;
    expect(made[0]!.disconnected).toBe(true);
  } finally {
    FakeConsumer.joined = Promise.resolve();
  }
});

test('a crash after stop() does not let kafkajs restart the stopped consumer', async () => {
  const { consumer, made } = setup();
  await consumer.start();
  made[0]!.join();
  await consumer.stop();
  made[0]!.crash(true);
  await sleep(20);
  expect(made[0]!.stops).toBe(1);
  expect(made).toHaveLength(1);
  expect(consumer.isJoined()).toBe(false);
});

test('a non-retriable crash builds a new consumer that runs again', async () => {
  const { consumer, made } = setup();
  await consumer.start();
  made[0]!.crash(false);
  await sleep(50);
  expect(made).toHaveLength(2);
  expect(made[0]!.disconnected).toBe(true);
  expect(made[1]!.running).toBe(true);
  made[1]!.join();
  expect(consumer.isJoined()).toBe(true);
  await consumer.stop();
  expect(made[1]!.disconnected).toBe(true);
});

test('a crash kafkajs restarts itself, or one after stop(), builds nothing', async () => {
  const { consumer, made } = setup();
  await consumer.start();
  made[0]!.crash(true);
  await sleep(50);
  expect(made).toHaveLength(1);
  await consumer.stop();
  made[0]!.crash(false);
  await sleep(50);
  expect(made).toHaveLength(1);
});

describe('committing offsets', () => {
  // Time moves only when a test moves it: what is due when does not depend on the machine's load.
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  test('offsets are committed once an interval, the next offset of each partition, not after every batch', async () => {
    const { consumer, made } = setup({}, 100);
    await consumer.start();
    const fake = made[0]!;
    fake.join({ t: [0, 1] });
    // The first batch: no commit yet in this interval, so at once, through the batch's own function.
    await fake.deliver(0, ['0', '1']);
    expect(fake.commits).toEqual([{ via: 'batch', offsets: [{ topic: 't', partition: 0, offset: '2' }] }]);
    await fake.deliver(0, ['2']);
    await fake.deliver(1, ['0']);
    expect(fake.commits).toHaveLength(1);
    // No batch follows: the timer commits both partitions together.
    await jest.advanceTimersByTimeAsync(250);
    expect(fake.commits.slice(1)).toEqual([
      {
        via: 'consumer',
        offsets: [
          { topic: 't', partition: 0, offset: '3' },
          { topic: 't', partition: 1, offset: '1' },
        ],
      },
    ]);
    await consumer.stop();
  });

  test('stop() commits what was handled before leaving the group', async () => {
    const { consumer, made } = setup({}, 60_000);
    await consumer.start();
    const fake = made[0]!;
    fake.join({ t: [0] });
    await fake.deliver(0, ['0']);
    await fake.deliver(0, ['1', '2']);
    expect(fake.commits).toHaveLength(1);
    await consumer.stop();
    expect(fake.commits[1]).toEqual({
      via: 'consumer',
      offsets: [{ topic: 't', partition: 0, offset: '3' }],
    });
    expect(fake.disconnected).toBe(true);
  });

  test('a batch still being handled when stop() is called commits through its own function, before the group is left', async () => {
    let finish!: () => void;
    const handled = new Promise<void>((resolve) => (finish = resolve));
    const { consumer, made } = setup(
      {
        handleBatch: async (batch, ctx) => {
          await handled;
          ctx.markProcessed(batch.messages.at(-1)!.offset);
        },
      },
      60_000,
    );
    await consumer.start();
    const fake = made[0]!;
    fake.join({ t: [0] });
    const delivered = fake.deliver(0, ['7']);
    const stopped = consumer.stop();
    await jest.advanceTimersByTimeAsync(0);
    finish();
    await Promise.all([delivered, stopped]);
    expect(fake.commits).toEqual([{ via: 'batch', offsets: [{ topic: 't', partition: 0, offset: '8' }] }]);
    expect(fake.disconnected).toBe(true);
  });

  test('after a rebalance, offsets of a partition given away are not committed', async () => {
    const { consumer, made } = setup({}, 100);
    await consumer.start();
    const fake = made[0]!;
    fake.join({ t: [0, 1] });
    await fake.deliver(0, ['0']);
    await fake.deliver(1, ['5']);
    fake.join({ t: [0] });
    await jest.advanceTimersByTimeAsync(250);
    expect(fake.commits).toEqual([{ via: 'batch', offsets: [{ topic: 't', partition: 0, offset: '1' }] }]);
    await consumer.stop();
  });

  test('a reader that does not commit (commitOffsets: false) commits nothing, even at stop', async () => {
    const { consumer, made } = setup({ commitOffsets: false }, 10);
    await consumer.start();
    const fake = made[0]!;
    fake.join({ t: [0] });
    await fake.deliver(0, ['0']);
    await jest.advanceTimersByTimeAsync(50);
    await consumer.stop();
    expect(fake.commits).toEqual([]);
  });
});
