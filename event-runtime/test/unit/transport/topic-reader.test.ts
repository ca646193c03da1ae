/** `planRead`: which offsets of which partitions a tool's read covers, from the admin's answers. */
import { TopicReadError } from '../../../src/errors';
import { planRead } from '../../../src/transport/topic-reader';
import type { TransportAdmin } from '../../../src/transport/types';

/** An admin answering for one topic `t` of three partitions: 0 holds 10..20, 1 is empty at 5, 2 holds 0..3. */
function adminOf(byTime: Record<number, string> = { 0: '15', 1: '5', 2: '3' }): TransportAdmin {
  const offsets = (values: Record<number, string>) =>
    Promise.resolve(new Map(Object.entries(values).map(([p, o]) => [Number(p), o])));
  return {
    listTopics: () => Promise.resolve(['t']),
    startOffsets: () => offsets({ 0: '10', 1: '5', 2: '0' }),
    endOffsets: () => offsets({ 0: '20', 1: '5', 2: '3' }),
    offsetsForTime: () => offsets(byTime),
  } as Partial<TransportAdmin> as TransportAdmin;
}

const ranges = async (options: Parameters<typeof planRead>[1]) =>
  Object.fromEntries([...(await planRead(adminOf(), options))].map(([p, r]) => [p, [r.from, r.end]]));

describe('planRead', () => {
  it('reads every partition from its oldest record to the end it has now', async () => {
    expect(await ranges({ topic: 't' })).toEqual({ 0: [10n, 20n], 1: [5n, 5n], 2: [0n, 3n] });
  });

  it('starts at an offset in each partition read, never before the oldest record kept', async () => {
    expect(await ranges({ topic: 't', start: { kind: 'offset', offset: 2n } })).toEqual({
      0: [10n, 20n],
      1: [5n, 5n],
      2: [2n, 3n],
    });
    expect(await ranges({ topic: 't', partitions: [0], start: { kind: 'offset', offset: 12n } })).toEqual({
      0: [12n, 20n],
    });
  });

  it('starts at the offsets the broker gives for a time', async () => {
    expect(await ranges({ topic: 't', start: { kind: 'time', time: new Date() } })).toEqual({
      0: [15n, 20n],
      1: [5n, 5n],
      2: [3n, 3n],
    });
  });

  it('refuses a topic or a partition Kafka does not have', async () => {
    await expect(planRead(adminOf(), { topic: 'nope' })).rejects.toMatchObject({
      code: 'TOPIC_NOT_FOUND',
      message: 'topic nope does not exist in Kafka',
    });
    const err = await planRead(adminOf(), { topic: 't', partitions: [1, 3] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TopicReadError);
    expect(err).toMatchObject({
      code: 'PARTITION_NOT_FOUND',
      message: 'topic t has no partition 3 (partitions 0 to 2)',
    });
  });
});
