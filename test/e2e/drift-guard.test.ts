/**
 * The drift guard, on a service started as its own process against the real registry: a build whose
 * generated schema is not among its subject's registered versions does not start (exit 1, a fatal
 * line naming the subject and both fingerprints, no retries); a build generated from an older
 * version that is still registered starts and serves, although a newer version is the latest.
 * Random topics and subjects throughout: the real ones are never touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSchemaRegistry, schemaFingerprint } from '@contract-events/runtime/tools';
import { randomSuffix, testStack } from '../support/stack-env';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { planTestTopics, type PlannedTestTopics } from '../support/test-topics';
import { jsonLine, startServiceProcessOn } from './support/service-process';
import { eventually, http } from './support/system';

jest.setTimeout(180_000);

const readSchema = (file: string) =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../schemas', file), 'utf8')) as {
    fields: object[];
  };
/** What the user service was generated from. */
const userCreated = readSchema('user_created.avsc');
/** A version this build was not generated from: one more field, with a default (a compatible change). */
const userCreatedWithLocale = {
  ...userCreated,
  fields: [...userCreated.fields, { name: 'locale', type: 'string', default: 'en' }],
};

const registry = createSchemaRegistry({ url: testStack.registryUrl });
let db: TestDatabase;
let topics: PlannedTestTopics;

beforeAll(async () => {
  db = await createTestDatabase([]);
  topics = planTestTopics();
});

afterAll(async () => {
  await topics?.remove();
  await db?.drop();
});

test('a build whose schema is not registered under its subject refuses to start, naming the subject and both fingerprints', async () => {
  const subject = `drift_${randomSuffix()}-value`;
  await registry.register(subject, userCreatedWithLocale);
  // order_created's subject holds the schema this build was generated from: only user_created drifted.
  const orderSubject = `drift_${randomSuffix()}-value`;
  await registry.register(orderSubject, readSchema('order_created.avsc'));
  const service = startServiceProcessOn(
    'user-service',
    { topicNames: topics.names, subjectNames: { user_created: subject, order_created: orderSubject } },
    { DATABASE_URL: db.url },
  );
  try {
    expect(await service.exitCode()).toBe(1);
  } finally {
    service.child.kill('SIGKILL');
  }
  const generated = schemaFingerprint(userCreated);
  const registered = schemaFingerprint(userCreatedWithLocale);
  expect(generated).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(registered).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(registered).not.toBe(generated);

  const fatal = service.lines.map(jsonLine).find((line) => line?.level === 60);
  expect(fatal).toBeDefined();
  const message = String(fatal?.msg);
  expect(message).toContain(`user-service failed to start: Schema drift on subject "${subject}"`);
  expect(message).toContain(`(Avro fingerprint ${generated}) is not among the subject's registered versions`);
  expect(message).toContain(`the latest registered version, 1 of 1`);
  expect(message).toContain(`has fingerprint ${registered}`);
  expect(fatal?.err).toMatchObject({ code: 'SCHEMA_NOT_REGISTERED', retriable: false });
  // Permanent: not one retry was logged for the registry.
  expect(service.lines.some((line) => jsonLine(line)?.dependency === 'the schema registry')).toBe(false);
});

test('a build generated from an older version that is still registered starts, though a newer one is the latest', async () => {
  await topics.create(); // schemas/ under the random topics' subjects, as schemas:register does
  const subject = `${topics.names.user_created}-value`;
  const newer = await registry.register(subject, userCreatedWithLocale);
  expect(newer).toBeGreaterThan(0);
  const service = startServiceProcessOn(
    'user-service',
    { topicNames: topics.names },
    { DATABASE_URL: db.url },
  );
  try {
    const url = await service.url();
    await eventually(async () => (await http('GET', `${url}/ready`)).status === 200, 120_000);
    expect(service.child.exitCode).toBeNull();
  } finally {
    service.child.kill('SIGKILL');
  }
});
