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
      // None set: the cluster's default.replication.factor (3 on a production cluster, 1 on one broker).
      replicationFactor: undefined,
      compatibility: 'FULL_TRANSITIVE',
      semanticChanges: 'error',
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

describe('the one set of rules shared by codegen, the gate and schemas:register', () => {
  const entry = { schema: 'a.avsc', key: 'id', compatibility: 'FULL', partitions: 1, replicationFactor: 1 };
  const codeOf = (topics: unknown, schemas: Record<string, unknown> = { 'a.avsc': schema }) => {
    try {
      loadTopicsConfig({ schemasDir: dirWith(topics, schemas) });
      return 'accepted';
    } catch (err) {
      return `${(err as ContractError).code}: ${(err as Error).message}`;
    }
  };

  it('takes a replication factor a topic pins, and leaves it to the cluster when none is set', () => {
    const { replicationFactor: _, ...unpinned } = entry;
    const dir = dirWith(
      { topics: { pinned: { ...entry, replicationFactor: 3 }, unpinned } },
      { 'a.avsc': schema },
    );
    const byTopic = Object.fromEntries(loadTopicsConfig({ schemasDir: dir }).map((t) => [t.topic, t]));
    expect(byTopic.pinned?.replicationFactor).toBe(3);
    expect(byTopic.unpinned?.replicationFactor).toBeUndefined();
    expect(codeOf({ topics: { a: { ...entry, replicationFactor: 0 } } })).toMatch(
      /^TOPICS_CONFIG_INVALID: .*replicationFactor/,
    );
  });

  it('returns topics sorted by name with the schema file relative and absolute', () => {
    const dir = dirWith({ topics: { b: entry, a: entry } }, { 'a.avsc': schema });
    const topics = loadTopicsConfig({ schemasDir: dir });
    expect(topics.map((t) => t.topic)).toEqual(['a', 'b']);
    expect(topics[0]).toMatchObject({ schemaFile: 'a.avsc', schemaPath: path.join(dir, 'a.avsc') });
    expect(topics[0]?.root.name).toBe('E');
  });

  it.each(['user-created', 'user.created', '1user', 'a'.repeat(250), 'a'.repeat(246)])(
    'refuses the topic name %s (not both Kafka-legal and an identifier)',
    (name) => {
      expect(codeOf({ topics: { [name]: entry } })).toMatch(
        /^TOPICS_CONFIG_INVALID: .*not a valid topic name/,
      );
    },
  );

  it('accepts a name of 245 characters, the longest whose `<topic>.dlq` fits Kafka’s 249', () => {
    const name = 'a'.repeat(245);
    expect(`${name}.dlq`).toHaveLength(249);
    expect(codeOf({ topics: { [name]: entry } })).toBe('accepted');
    expect(codeOf({ topics: { [`${name}a`]: entry } })).toMatch(/at most 245 characters/);
  });

  it.each(['../a.avsc', '/tmp/a.avsc'])('refuses the schema path %s', (file) => {
    expect(codeOf({ topics: { a: { ...entry, schema: file } } })).toMatch(
      /^TOPICS_CONFIG_INVALID: .*a file name in the schemas directory/,
    );
  });

  it('has no built-in compatibility level: it comes from the entry or defaults', () => {
    const { compatibility: _level, ...rest } = entry;
    expect(codeOf({ topics: { a: rest } })).toMatch(
      /^TOPICS_CONFIG_INVALID: .*topics\.a\.compatibility: missing: set a compatibility level on the topic or in "defaults"/,
    );
    expect(codeOf({ defaults: { compatibility: 'BACKWARD' }, topics: { a: rest } })).toBe('accepted');
  });

  it('reads semanticChanges (error or warn) from the entry or defaults; error when neither sets it', () => {
    const read = (topics: unknown) => loadTopicsConfig({ schemasDir: dirWith(topics, { 'a.avsc': schema }) });
    expect(read({ topics: { a: entry } })[0]?.semanticChanges).toBe('error');
    expect(read({ defaults: { semanticChanges: 'warn' }, topics: { a: entry } })[0]?.semanticChanges).toBe(
      'warn',
    );
    expect(
      read({
        defaults: { semanticChanges: 'warn' },
        topics: { a: { ...entry, semanticChanges: 'error' } },
      })[0]?.semanticChanges,
    ).toBe('error');
    expect(codeOf({ topics: { a: { ...entry, semanticChanges: 'ignore' } } })).toMatch(
      /^TOPICS_CONFIG_INVALID: .*topics\.a\.semanticChanges: expected one of error, warn, got "ignore"/,
    );
  });

  it('reads levels exactly as the registry names them: no case folding in the file', () => {
    expect(codeOf({ topics: { a: { ...entry, compatibility: 'full' } } })).toMatch(
      /^TOPICS_CONFIG_INVALID: .*compatibility: expected one of NONE, .*, got "full"/,
    );
  });

  it('refuses a value schema that is not a record, and a malformed logical type', () => {
    expect(codeOf({ topics: { a: entry } }, { 'a.avsc': 'string' })).toMatch(
      /^TOPICS_CONFIG_INVALID: .*must be a record/,
    );
    const decimal = { type: 'bytes', logicalType: 'decimal', precision: 0 };
    const bad = { ...schema, fields: [...schema.fields, { name: 'amount', type: decimal }] };
    expect(codeOf({ topics: { a: entry } }, { 'a.avsc': bad })).toMatch(
      /^SCHEMA_INVALID: .*schema does not parse/,
    );
  });
});
