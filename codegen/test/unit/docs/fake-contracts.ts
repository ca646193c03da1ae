/** Contracts and schema versions made in memory for the documents' unit tests (no git, no files). */
import { type TopicContract, parseAvroSchema, valueSubjectOf } from '@contract-events/contracts';
import { type DocsModel, docsModel } from '../../../src/docs/docs-model';
import type { ServiceManifest } from '../../../src/generator/service-manifest';
import { schemaVersions } from '../../../src/docs/schema-history';

/** Version 1 of a `parcel_shipped` value schema. */
export const parcelV1 = {
  type: 'record',
  name: 'ParcelShipped',
  namespace: 'com.example',
  doc: 'A parcel left the warehouse.',
  fields: [
    { name: 'parcel_id', type: { type: 'string', logicalType: 'uuid' }, doc: 'Id of the parcel.' },
    { name: 'weight', type: 'int', doc: 'Grams.' },
    { name: 'legacy', type: 'string' },
    {
      name: 'address',
      type: {
        type: 'record',
        name: 'Address',
        fields: [{ name: 'city', type: 'string', doc: 'City | town.' }],
      },
    },
  ],
};

/** Version 2: a field added with a default, one removed, a type and a default changed, a nested field added. */
export const parcelV2 = {
  ...parcelV1,
  fields: [
    parcelV1.fields[0],
    { name: 'weight', type: 'long', doc: 'Grams.' },
    {
      name: 'address',
      type: {
        type: 'record',
        name: 'Address',
        fields: [
          { name: 'city', type: 'string', doc: 'City | town.' },
          { name: 'zip', type: ['null', 'string'], default: null },
        ],
      },
    },
    {
      name: 'price',
      type: { type: 'bytes', logicalType: 'decimal', precision: 8, scale: 2 },
      default: '\u0000',
      doc: 'Shipping price.',
    },
  ],
};

/** A contract for `schema` as the topics.json reader would build it. */
export function contractOf(topic: string, schema: Record<string, unknown>, keyField: string): TopicContract {
  const root = parseAvroSchema(schema, topic).root;
  if (root.kind !== 'record') throw new Error('test schema must be a record');
  return {
    topic,
    subject: valueSubjectOf(topic),
    schemaFile: `${topic}.avsc`,
    schemaPath: `/nowhere/schemas/${topic}.avsc`,
    declaredIn: '/nowhere/schemas/topics.json',
    keyField,
    partitions: 6,
    replicationFactor: undefined,
    config: { 'cleanup.policy': 'delete', 'retention.ms': '86400000', 'segment.ms': '3600000' },
    compatibility: 'BACKWARD',
    semanticChanges: 'error',
    schema,
    root,
  };
}

export const manifest: ServiceManifest = {
  services: {
    'billing-service': { consumes: ['parcel_shipped'], produces: [] },
    'shipping-service': { consumes: [], produces: ['parcel_shipped'] },
  },
};

const text = (schema: object): string => `${JSON.stringify(schema, null, 2)}\n`;

/**
 * The model of one `parcel_shipped` topic whose file had the contents `committed` in git (oldest
 * first) and holds `working` in the working tree.
 */
export function parcelModel(committed: readonly object[], working: Record<string, unknown>): DocsModel {
  const contract = contractOf('parcel_shipped', working, 'parcel_id');
  return docsModel([contract], manifest, () => schemaVersions(committed.map(text), text(working)), {
    title: 'shop',
    version: '1.2.3',
    description: 'Test system.',
    license: 'MIT',
  });
}
