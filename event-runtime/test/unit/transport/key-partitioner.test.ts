import { compatibilityPartitioner, murmur2 as platformaticMurmur2 } from '@platformatic/kafka';
import fc from 'fast-check';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { kafkajsKeyPartitioner } from '../../../src/transport/kafkajs-transport';
import { murmur2, murmur2OfKey, partitionOfKey } from '../../../src/transport/key-partitioner';
import { platformaticKeyPartitioner } from '../../../src/transport/platformatic-transport';

const partitions = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));

/** Keys as the runtime sends them: strings (any Unicode, lone surrogates too: both Node clients write them as U+FFFD) and raw bytes. */
const anyKey = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 600 }),
  fc.uint8Array({ maxLength: 70 }).map((bytes) => Buffer.from(bytes)),
);

describe("Kafka's key partitioning", () => {
  it("matches the Java client's murmur2 on the cases its own tests use", () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    const cases: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it("hashes any key as @platformatic/kafka's murmur2 does, strings as their UTF-8 bytes", () => {
    fc.assert(
      fc.property(anyKey, (key) => {
        expect(murmur2OfKey(key)).toBe(platformaticMurmur2(Buffer.from(key)));
      }),
    );
  });

  it('hashes a key too long for the scratch buffer the same way', () => {
    const long = 'é'.repeat(400) + 'x'.repeat(5000);
    expect(murmur2OfKey(long)).toBe(platformaticMurmur2(Buffer.from(long)));
  });

  it("sends a keyed record to kafkajs's default partition, on any partition count", () => {
    fc.assert(
      fc.property(anyKey, fc.integer({ min: 1, max: 64 }), (key, count) => {
        const args = { topic: 't', partitionMetadata: partitions(count), message: { key, value: null } };
        const expected = Partitioners.DefaultPartitioner()(args);
        expect(kafkajsKeyPartitioner()(args)).toBe(expected);
        expect(partitionOfKey(key, count)).toBe(expected);
      }),
    );
  });

  it("hands a keyless record, or one with its own partition, to kafkajs's default", () => {
    const partitioner = kafkajsKeyPartitioner();
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) {
      seen.add(
        partitioner({ topic: 't', partitionMetadata: partitions(4), message: { key: null, value: null } }),
      );
    }
    // Round robin over the partitions, as kafkajs's default sends keyless records.
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    const pinned = {
      topic: 't',
      partitionMetadata: partitions(4),
      message: { key: 'k', value: null, partition: 3 },
    };
    expect(partitioner(pinned)).toBe(3);
  });

  it('gives @platformatic/kafka the value its compatibilityPartitioner gives', () => {
    fc.assert(
      fc.property(anyKey, (key) => {
        const bytes = Buffer.from(key);
        const message = { topic: 't', key: bytes };
        expect(platformaticKeyPartitioner(message, bytes)).toBe(compatibilityPartitioner(message, bytes));
      }),
    );
    // Keyless: round robin over the partitions (the library's own would give 0 every time).
    const partitions = new Set(
      Array.from({ length: 8 }, () => platformaticKeyPartitioner({ topic: 't' }, undefined) % 4),
    );
    expect([...partitions].sort()).toEqual([0, 1, 2, 3]);
  });
});
