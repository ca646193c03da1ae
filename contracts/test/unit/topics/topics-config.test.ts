import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContractError } from '../../../src/errors';
import { loadTopicsConfig } from '../../../src/topics/topics-config';

const schemasDir = path.resolve(__dirname, '../../../../schemas');

function dirWith(topics: unknown, schemas: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'topics-config-'));
  writeFileSync(path.join(dir, 'topics.json'), JSON.stringify(topics));
  for (const [file, schema] of Object.entries(schemas))
    writeFileSync(path.join(dir, file), JSON.stringify(schema));
  return dir;
}

const schema = { type: 'record', name: 'E', fields: [{ name: 'id', type: 'string' }] };

describe('loadTopicsConfig', () => {
  it('reads the repository’s topics with defaults applied', () => {
    const byTopic = Object.fromEntries(loadTopicsConfig({ schemasDir }).map((t) => [t.topic, t]));
    expect(byTopic.user_created).toMatchObject({
      subject: 'user_created-value',
      keyField: 'user_id',
      partitions: 3,
      replicationFactor: 1,
      compatibility: 'FULL_TRANSITIVE',
      config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' },
    });
    expect(byTopic.user_created?.schema.name).toBe('UserCreated');
    expect(byTopic.order_created?.config['cleanup.policy']).toBe('delete');
  });

  it.each([
    ['a missing topics.json', 'TOPICS_CONFIG_INVALID', null, {}, 'cannot be read'],
    ['no topics', 'TOPICS_CONFIG_INVALID', { topics: {} }, {}, '"topics" is empty'],
    [
      'a key that is not a field',
      'TOPICS_CONFIG_INVALID',
      {
        topics: {
          a: { schema: 'a.avsc', key: 'nope', compatibility: 'FULL', partitions: 1, replicationFactor: 1 },
        },
      },
      { 'a.avsc': schema },
      '"nope" is not a field',
    ],
    [
      'an unknown compatibility',
      'TOPICS_CONFIG_INVALID',
      {
        topics: {
          a: { schema: 'a.avsc', key: 'id', compatibility: 'SOMETIMES', partitions: 1, replicationFactor: 1 },
        },
      },
      { 'a.avsc': schema },
      'compatibility: expected one of',
    ],
    [
      'zero partitions',
      'TOPICS_CONFIG_INVALID',
      {
        topics: {
          a: { schema: 'a.avsc', key: 'id', compatibility: 'FULL', partitions: 0, replicationFactor: 1 },
        },
      },
      { 'a.avsc': schema },
      'partitions: expected a positive integer',
    ],
    [
      'a numeric config value',
      'TOPICS_CONFIG_INVALID',
      {
        topics: {
          a: {
            schema: 'a.avsc',
            key: 'id',
            compatibility: 'FULL',
            partitions: 1,
            replicationFactor: 1,
            config: { 'retention.ms': 5 },
          },
        },
      },
      { 'a.avsc': schema },
      'config.retention.ms',
    ],
    [
      'an invalid Avro schema',
      'SCHEMA_INVALID',
      {
        topics: {
          a: { schema: 'a.avsc', key: 'id', compatibility: 'FULL', partitions: 1, replicationFactor: 1 },
        },
      },
      { 'a.avsc': { type: 'record', name: 'E', fields: [{ name: 'id', type: 'strang' }] } },
      'not a valid Avro schema',
    ],
  ])('rejects %s with %s', (_name, code, topics, schemas, message) => {
    const dir =
      topics === null ? mkdtempSync(path.join(tmpdir(), 'topics-config-')) : dirWith(topics, schemas);
    expect.assertions(3);
    try {
      loadTopicsConfig({ schemasDir: dir });
    } catch (err) {
      expect(err).toBeInstanceOf(ContractError);
      expect((err as ContractError).code).toBe(code);
      expect((err as Error).message).toContain(message);
    }
  });
});
