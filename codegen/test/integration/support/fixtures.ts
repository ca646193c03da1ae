import { writeJsonFiles } from '../../../../test/support/cli-process';

/** A schema exercising every mapping of the generator. */
export const kitchenSinkSchema = {
  type: 'record',
  name: 'KitchenSink',
  namespace: 'com.example.events',
  doc: 'Every Avro feature the generator maps.',
  fields: [
    { name: 'id', type: { type: 'string', logicalType: 'uuid' }, doc: 'Event id.' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'at_micros', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    {
      name: 'price',
      type: { type: 'fixed', name: 'Money', size: 8, logicalType: 'decimal', precision: 10, scale: 2 },
    },
    { name: 'raw', type: 'bytes' },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 16 } },
    { name: 'flag', type: 'boolean' },
    { name: 'count', type: 'int' },
    { name: 'big', type: 'long' },
    { name: 'ratio', type: 'float' },
    { name: 'score', type: 'double' },
    {
      name: 'status',
      type: { type: 'enum', name: 'Status', doc: 'Lifecycle state.', symbols: ['ACTIVE', 'CLOSED'] },
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'counters', type: { type: 'map', values: 'long' } },
    { name: 'maybe_tags', type: { type: 'array', items: ['null', 'string'] } },
    {
      name: 'address',
      doc: 'Where it happened.\nSecond line of the doc.',
      type: {
        type: 'record',
        name: 'Address',
        doc: 'A postal address.',
        fields: [
          { name: 'city', type: 'string', doc: 'City name.' },
          { name: 'zip', type: ['null', 'string'], default: null },
        ],
      },
    },
    { name: 'previous_address', type: ['null', 'Address'], default: null },
    { name: 'note', type: ['null', 'string'], default: null },
    {
      name: 'payment',
      type: [
        { type: 'record', name: 'Card', fields: [{ name: 'last4', type: 'string' }] },
        { type: 'record', name: 'BankTransfer', fields: [{ name: 'iban', type: 'string' }] },
        'null',
      ],
    },
    { name: 'mixed', type: ['string', 'int', 'Status'] },
  ],
};

/** A second, minimal topic schema. */
export const pingSchema = {
  type: 'record',
  name: 'Ping',
  fields: [{ name: 'ping_id', type: 'string' }],
};

/** The `defaults` of topics.json: every field the contracts reader requires besides schema and key. */
export const topicDefaults = { compatibility: 'FULL_TRANSITIVE', partitions: 1, replicationFactor: 1 };

/** Writes a schemas dir with topics.json and the two schemas above. */
export function writeSchemasDir(dir: string): void {
  writeJsonFiles(dir, {
    'topics.json': {
      defaults: topicDefaults,
      topics: {
        kitchen_sink: { schema: 'kitchen_sink.avsc', key: 'id' },
        ping: { schema: 'ping.avsc', key: 'ping_id' },
      },
    },
    'kitchen_sink.avsc': kitchenSinkSchema,
    'ping.avsc': pingSchema,
  });
}
