/**
 * `npm run topic:read`: the terminal way to see a topic's events decoded through the registry.
 * It reads the real topic names, so the event this test writes goes to the real user_created.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createEventCodec } from '@contract-events/runtime/tools';
import { createSchemaRegistry } from '@contract-events/runtime/tools';
import { createKafkaTransport } from '@contract-events/runtime/tools';
import { testStack } from '../support/stack-env';
import { ensureRealContracts } from '../support/test-topics';

jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, '../..');

test('prints each message of a topic as one JSON line, decoded', async () => {
  const transport = createKafkaTransport({ ...testStack.kafka, clientId: 'topic-read-test' });
  const registry = createSchemaRegistry({ url: testStack.registryUrl });
  await ensureRealContracts();
  const codec = createEventCodec({ registry, topics: ['user_created'] });
  const event = {
    event_id: randomUUID(),
    occurred_at: new Date('2026-11-25T00:00:00.000Z'),
    user_id: randomUUID(),
    email: 'reader@example.com',
    name: 'Topic Reader',
  };
  const producer = await transport.producer();
  await producer.send([
    { topic: 'user_created', key: event.user_id, value: await codec.encode('user_created', event) },
  ]);
  await producer.disconnect();

  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'event-runtime/src/cli/topic-read.ts', 'user_created'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        ...process.env,
        KAFKA_BROKERS: testStack.brokers.join(','),
        SCHEMA_REGISTRY_URL: testStack.registryUrl,
      },
      timeout: 45_000,
      // The real topic holds every event other tests wrote too: allow far more than the default 1 MB.
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  expect(run.status).toBe(0);
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const ours = lines.find((l) => (l.value as { event_id?: string } | undefined)?.event_id === event.event_id);
  expect(ours).toMatchObject({
    key: event.user_id,
    value: { ...event, occurred_at: '2026-11-25T00:00:00.000Z' },
  });
  expect(run.stderr).toMatch(/\d+ message\(s\) from user_created/);
});

test('refuses a topic without a contract, exit 2', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'event-runtime/src/cli/topic-read.ts', 'no_such_topic'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('unknown topic "no_such_topic"');
});
