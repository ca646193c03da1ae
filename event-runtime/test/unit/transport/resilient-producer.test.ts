import type { Producer, ProducerBatch } from 'kafkajs';
import { KafkaError } from '../../../src/errors';
import { KafkajsSendTimeoutError, kafkajsProducerClient } from '../../../src/transport/kafkajs-producer';
import { createResilientProducer } from '../../../src/transport/resilient-producer';

/** kafkajs's error for a broker that lost the producer's sequence state. */
class OutOfOrderSequence extends Error {
  override name = 'KafkaJSProtocolError';
  retriable = false;
  type = 'OUT_OF_ORDER_SEQUENCE_NUMBER';
}

/** Just enough of a kafkajs producer: records its batches, or fails or hangs as told. */
class FakeProducer {
  batches: ProducerBatch[] = [];
  connected = false;
  disconnected = false;
  next: 'ok' | 'fail' | 'hang' = 'ok';
  async connect() {
    this.connected = true;
  }
  async disconnect() {
    this.disconnected = true;
  }
  async sendBatch(batch: ProducerBatch) {
    if (this.next === 'fail')
      throw new OutOfOrderSequence('The broker received an out of order sequence number');
    if (this.next === 'hang') return new Promise<never>(() => undefined);
    this.batches.push(batch);
    return [];
  }
}

function setup(sendTimeoutMs?: number) {
  const made: FakeProducer[] = [];
  const producer = createResilientProducer(
    () => {
      const fake = new FakeProducer();
      made.push(fake);
      return kafkajsProducerClient(fake as unknown as Producer);
    },
    { target: 'b:9092', sendTimeoutMs, timeoutError: (m) => new KafkajsSendTimeoutError(m) },
  );
  return { producer, made };
}

const message = (topic: string, key: string) => ({ topic, key, value: Buffer.from(key) });

test('groups one send into one acks=all batch per topic, keeping the order within a topic', async () => {
  const { producer, made } = setup();
  await producer.connect();
  await producer.send([message('a', '1'), message('b', '2'), message('a', '3')]);
  expect(made).toHaveLength(1);
  const [batch] = made[0]!.batches;
  expect(batch?.acks).toBe(-1);
  expect(batch?.topicMessages?.map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([
    ['a', ['1', '3']],
    ['b', ['2']],
  ]);
});

test('a refused send is a typed Kafka error, and the next send goes through a new producer', async () => {
  const { producer, made } = setup();
  await producer.connect();
  made[0]!.next = 'fail';
  const failure = await producer.send([message('a', '1')]).catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(KafkaError);
  expect((failure as KafkaError).code).toBe('KAFKA_REJECTED');
  expect(made[0]!.disconnected).toBe(true);

  await producer.send([message('a', '1')]);
  expect(made).toHaveLength(2);
  expect(made[1]!.connected).toBe(true);
  expect(made[1]!.batches).toHaveLength(1);
});

test('a send that never answers fails as retriable after the timeout and its producer is replaced', async () => {
  const { producer, made } = setup(50);
  await producer.connect();
  made[0]!.next = 'hang';
  const failure = await producer.send([message('a', '1')]).catch((err: unknown) => err);
  expect((failure as KafkaError).code).toBe('KAFKA_UNAVAILABLE');
  expect((failure as KafkaError).retriable).toBe(true);
  await producer.send([message('a', '2')]);
  expect(made).toHaveLength(2);
  expect(made[1]!.batches[0]?.topicMessages?.[0]?.messages[0]?.key).toBe('2');
});

test('an empty send touches nothing; disconnect closes the producer in use', async () => {
  const { producer, made } = setup();
  await producer.send([]);
  expect(made).toHaveLength(0);
  await producer.send([message('a', '1')]);
  await producer.disconnect();
  expect(made[0]!.disconnected).toBe(true);
});
