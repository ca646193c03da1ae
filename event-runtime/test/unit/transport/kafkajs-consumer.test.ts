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
  async run() {
    this.running = true;
  }
  async disconnect() {
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
  handleBatch: async () => {},
};

function setup() {
  const made: FakeConsumer[] = [];
  const consumer = createResilientConsumer(
    () => {
      const fake = new FakeConsumer();
      made.push(fake);
      return fake as unknown as Consumer;
    },
    options,
    undefined,
    10,
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
