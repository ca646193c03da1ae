/**
 * `schemas:check --replay` against the real broker and registry: events written by an old producer
 * (schema v1, registered) are read back from Kafka and decoded through candidate schemas, one a
 * compatible change and one that cannot read them; the report names each failure's partition and
 * offset, `--limit` stops early, and a topic that is not in Kafka cannot be checked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Type } from 'avsc';
import { createKafkaTransport, createSchemaRegistry } from '@contract-events/runtime/tools';
import { runTsxAsync, tmpDir, writeJsonFiles } from '../../../../test/support/cli-process';
import { sendRetrying } from '../../../../test/support/kafka-send';
import { randomSuffix, testStack } from '../../../../test/support/stack-env';

jest.setTimeout(120_000);

const CLI = 'schema-gate/src/cli/schemas-check.ts';

const record = (fields: object[]) => ({ type: 'record', name: 'Probe', namespace: 'gate.replay', fields });
const base = [
  { name: 'id', type: 'string' },
  { name: 'quantity', type: 'int' },
];
const v1 = record(base);
/** What a careful change looks like: a new optional field with a default. */
const withOptionalField = record([...base, { name: 'note', type: ['null', 'string'], default: null }]);
/** Cannot read v1's events: the new field has no default. */
const withRequiredField = record([...base, { name: 'note', type: 'string' }]);

const EVENTS = 6;
const PARTITIONS = 2;

/** The Confluent wire format (magic byte 0, 4-byte schema id, Avro body), as an old producer wrote it. */
function wire(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

describe('schemas:check --replay against the real broker', () => {
  const suffix = randomSuffix();
  const topic = `replay_${suffix}`;
  const garbled = `replay_garbled_${suffix}`;
  /** Declared in topics.json, never created in Kafka. */
  const missing = `replay_missing_${suffix}`;
  const transport = createKafkaTransport({ ...testStack.kafka, clientId: 'replay-test' });
  const roots: string[] = [];
  /** Every (partition, offset) holding one of the v1 events, from the broker's end offsets. */
  let written: string[] = [];

  /** A repository whose topics.json declares the test's topics with `candidate` as their schema. */
  const rootWith = (candidate: object) => {
    const root = tmpDir('schemas-check-replay');
    roots.push(root);
    writeJsonFiles(path.join(root, 'schemas'), {
      'topics.json': {
        defaults: { compatibility: 'FULL_TRANSITIVE', partitions: PARTITIONS, replicationFactor: 1 },
        topics: {
          [topic]: { schema: 'probe.avsc', key: 'id', config: {} },
          [garbled]: { schema: 'probe.avsc', key: 'id', config: {} },
          [missing]: { schema: 'probe.avsc', key: 'id', config: {} },
        },
      },
      'probe.avsc': candidate,
    });
    return root;
  };
  const replay = (candidate: object, ...args: string[]) => {
    const root = rootWith(candidate);
    return runTsxAsync(CLI, ['--root', root, ...args], root, {
      KAFKA_BROKERS: testStack.brokers.join(','),
      SCHEMA_REGISTRY_URL: testStack.registryUrl,
    });
  };

  beforeAll(async () => {
    const registry = createSchemaRegistry({ url: testStack.registryUrl });
    const schemaId = await registry.register(`${topic}-value`, v1);
    const admin = await transport.admin();
    const producer = await transport.producer();
    try {
      const spec = { partitions: PARTITIONS, replicationFactor: 1, config: {} };
      await admin.ensureTopics([
        { topic, ...spec },
        { topic: garbled, ...spec },
      ]);
      const type = Type.forSchema(v1 as never);
      await sendRetrying(
        producer,
        Array.from({ length: EVENTS }, (_, i) => ({
          topic,
          key: `key-${i}`,
          value: wire(schemaId, type.toBuffer({ id: `event-${i}`, quantity: i })),
        })),
      );
      await sendRetrying(producer, [
        { topic: garbled, key: 'ok', value: wire(schemaId, type.toBuffer({ id: 'fine', quantity: 1 })) },
        { topic: garbled, key: 'ok', value: Buffer.from('{"id":"json, not Avro"}') },
      ]);
      const ends = await admin.endOffsets(topic);
      written = [...ends].flatMap(([partition, end]) =>
        Array.from({ length: Number(end) }, (_, offset) => `partition ${partition} offset ${offset}`),
      );
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  afterAll(async () => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
    const admin = await transport.admin();
    try {
      // Only those that exist: a failed beforeAll must show its own error, not this one's.
      const ours = (await admin.listTopics()).filter((t) => t === topic || t === garbled);
      if (ours.length > 0) await admin.deleteTopics(ours);
    } finally {
      await admin.disconnect();
    }
  });

  test('a compatible candidate reads every retained event: exit 0', async () => {
    expect(written).toHaveLength(EVENTS);
    const result = await replay(withOptionalField, '--replay', topic);
    expect(result.stdout).toContain(
      `[replay] schemas/probe.avsc (${topic}): read ${EVENTS} retained event(s) from Kafka topic ${topic}, 0 failed to decode`,
    );
    expect(result.stdout).toContain(
      `ok [replay] schemas/probe.avsc (${topic}): compatible against ${EVENTS}`,
    );
    expect(result.status).toBe(0);
  });

  test('a candidate that cannot read them: exit 1, each failure with its partition and offset', async () => {
    const result = await replay(withRequiredField, '--replay', topic);
    expect(result.stdout).toContain(
      `read ${EVENTS} retained event(s) from Kafka topic ${topic}, ${EVENTS} failed`,
    );
    const failures = result.stdout
      .split('\n')
      .filter((line) => line.includes(': SCHEMA_RESOLUTION_FAILED: '))
      .map((line) => /partition \d+ offset \d+/.exec(line)?.[0]);
    expect(failures.sort()).toEqual([...written].sort());
    expect(result.stdout).toContain('schemas:check: 1 incompatible schema(s)');
    expect(result.status).toBe(1);
  });

  test('--limit stops after that many events; --json gives the counts and failures', async () => {
    const result = await replay(withRequiredField, '--replay', topic, '--limit', '2', '--json');
    const json = JSON.parse(result.stdout) as {
      exitCode: number;
      reports: {
        mode: string;
        status: string;
        replay: { read: number; failed: number; failures: object[] };
      }[];
    };
    expect(json.exitCode).toBe(1);
    expect(json.reports).toHaveLength(1);
    expect(json.reports[0]).toMatchObject({ mode: 'replay', status: 'incompatible' });
    expect(json.reports[0]?.replay).toMatchObject({ read: 2, failed: 2 });
    expect(json.reports[0]?.replay.failures).toHaveLength(2);
    for (const failure of json.reports[0]?.replay.failures ?? []) {
      expect(written).toContain(
        `partition ${(failure as { partition: number }).partition} offset ${(failure as { offset: string }).offset}`,
      );
      expect(failure).toMatchObject({ code: 'SCHEMA_RESOLUTION_FAILED' });
    }
    expect(result.status).toBe(1);
  });

  test('bytes that are not in the wire format are a failure among events that decode', async () => {
    const result = await replay(withOptionalField, '--replay', garbled);
    expect(result.stdout).toContain(
      `read 2 retained event(s) from Kafka topic ${garbled}, 1 failed to decode`,
    );
    expect(result.stdout).toMatch(/partition \d+ offset 1: BAD_MAGIC_BYTE: /);
    expect(result.status).toBe(1);
  });

  test('a topic that is not in Kafka cannot be checked: exit 2', async () => {
    const result = await replay(withOptionalField, '--replay', missing);
    expect(result.stdout).toContain(`REPLAY_FAILED: could not check: topic ${missing} does not exist`);
    expect(result.status).toBe(2);
  });
});
