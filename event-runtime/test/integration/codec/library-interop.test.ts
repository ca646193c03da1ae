/**
 * The runtime's codec speaks its own small registry client (exact error codes for retry versus
 * dead letter); this checks that its bytes are the ecosystem's: what it writes,
 * @kafkajs/confluent-schema-registry reads, and what that library writes, the codec reads.
 */
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { createEventCodec } from '../../../src/codec/event-codec';
import { logicalTypes } from '../../../src/codec/logical-types';
import { topicSchemas } from '../../../src/generated';
import { createSchemaRegistry } from '../../../src/registry/schema-registry';
import { sampleEvents } from './fixtures';
import { randomName, registryUrl } from './helpers';

const subject = `${randomName()}-value`;
const library = new SchemaRegistry({ host: registryUrl }, { [SchemaType.AVRO]: { logicalTypes } });
const codec = createEventCodec({
  registry: createSchemaRegistry({ url: registryUrl }),
  topics: ['order_created'],
  subjectFor: () => subject,
});
let libraryId: number;

beforeAll(async () => {
  ({ id: libraryId } = await library.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(topicSchemas.order_created) },
    { subject },
  ));
  await codec.init();
});

test('both sides agree on the schema id', () => {
  expect(codec.schemaIdOf('order_created')).toBe(libraryId);
});

test('the library decodes what the codec encodes', async () => {
  const bytes = await codec.encode('order_created', sampleEvents.order_created);
  expect(await library.decode(bytes)).toEqual(sampleEvents.order_created);
});

test('the codec decodes what the library encodes', async () => {
  const bytes = await library.encode(libraryId, sampleEvents.order_created);
  expect(await codec.decode('order_created', bytes)).toEqual(sampleEvents.order_created);
});
