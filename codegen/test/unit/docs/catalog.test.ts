import { parseAvroSchema, type RecordNode } from '@contract-events/contracts';
import { historyList, renderCatalog } from '../../../src/docs/catalog';
import { fieldRows } from '../../../src/docs/field-rows';
import { schemaChanges } from '../../../src/docs/schema-changes';
import { parcelModel, parcelV1, parcelV2 } from './fake-contracts';

const record = (schema: object): RecordNode => parseAvroSchema(schema, 'test').root as RecordNode;

describe('schemaChanges', () => {
  test('names each field added, removed, retyped or given another default, nested ones included', () => {
    expect(schemaChanges(record(parcelV1), record(parcelV2))).toEqual([
      '`weight`: type `int` → `long`',
      'added `address.zip` (`union [null, string]`, default `null`)',
      'added `price` (`bytes (decimal(8,2))`, default `"\\u0000"`)',
      'removed `legacy` (`string`)',
    ]);
  });

  test('a default changed, added or removed, and a doc changed', () => {
    const base = { type: 'record', name: 'R', fields: [{ name: 'n', type: 'int', default: 1 }] };
    const withField = (field: object) => record({ ...base, fields: [field] });
    expect(schemaChanges(record(base), withField({ name: 'n', type: 'int', default: 2 }))).toEqual([
      '`n`: default `1` → `2`',
    ]);
    expect(schemaChanges(record(base), withField({ name: 'n', type: 'int' }))).toEqual([
      '`n`: default `1` removed',
    ]);
    expect(schemaChanges(withField({ name: 'n', type: 'int' }), record(base))).toEqual([
      '`n`: default `1` added',
    ]);
    expect(schemaChanges(record(base), withField({ name: 'n', type: 'int', default: 1, doc: 'd' }))).toEqual([
      '`n`: doc changed',
    ]);
  });

  test('says so when no field, doc or name changed', () => {
    const before = record({ type: 'record', name: 'R', fields: [{ name: 'n', type: 'int' }] });
    const after = record({
      type: 'record',
      name: 'R',
      aliases: ['Old'],
      fields: [{ name: 'n', type: 'int' }],
    });
    expect(schemaChanges(before, after)).toEqual([
      'no field, doc or name changed (aliases, order or other attributes did)',
    ]);
  });
});

describe('fieldRows', () => {
  test('nested record fields follow their field, with logical types and JSON defaults', () => {
    expect(fieldRows(record(parcelV2))).toEqual([
      { name: 'parcel_id', type: 'string (uuid)', defaultValue: undefined, doc: 'Id of the parcel.' },
      { name: 'weight', type: 'long', defaultValue: undefined, doc: 'Grams.' },
      { name: 'address', type: 'record com.example.Address', defaultValue: undefined, doc: '' },
      { name: 'address.city', type: 'string', defaultValue: undefined, doc: 'City | town.' },
      { name: 'address.zip', type: 'union [null, string]', defaultValue: 'null', doc: '' },
      { name: 'price', type: 'bytes (decimal(8,2))', defaultValue: '"\\u0000"', doc: 'Shipping price.' },
    ]);
  });
});

describe('the catalog', () => {
  test('one version per distinct content, the current one marked, what changed in each', () => {
    const model = parcelModel([parcelV1, parcelV2], parcelV2);
    const topic = model.topics[0];
    if (!topic) throw new Error('no topic');
    expect(historyList(topic)).toBe(
      '- **v1**: first version, fields `parcel_id`, `weight`, `legacy`, `address`.\n' +
        '- **v2** (current): `weight`: type `int` → `long`; added `address.zip` (`union [null, string]`, ' +
        'default `null`); added `price` (`bytes (decimal(8,2))`, default `"\\u0000"`); removed `legacy` (`string`).',
    );
  });

  test('reads the same generated before the commit of a schema change (working tree) and after it', () => {
    const beforeCommit = renderCatalog(parcelModel([parcelV1], parcelV2));
    const afterCommit = renderCatalog(parcelModel([parcelV1, parcelV2], parcelV2));
    expect(afterCommit).toBe(beforeCommit);
    expect(beforeCommit).toContain('**v2** (current)');
    // No commit id (hex with a letter) and no date.
    expect(beforeCommit).not.toMatch(/\b(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b/);
    expect(beforeCommit).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  test('shows key, subject, level, producers, consumers, dead letters and an escaped field table', () => {
    const text = renderCatalog(parcelModel([], parcelV1));
    for (const line of [
      '## `parcel_shipped`',
      'A parcel left the warehouse.',
      "| Key | `parcel_id`, the field's value as UTF-8 text |",
      '| Registry subject | `parcel_shipped-value` (topic-name strategy) |',
      '| Compatibility | `BACKWARD` |',
      '| Producers | shipping-service |',
      '| Consumers | billing-service |',
      '| Dead letters | `parcel_shipped.dlq` |',
      '| `address.city` | `string` |  | City \\| town. |',
      '| `event_id` | uuid | always |',
      '| `dlq-error-code` | text | always |',
      '- **v1** (current): first version, fields `parcel_id`, `weight`, `legacy`, `address`.',
    ]) {
      expect(text).toContain(line);
    }
  });
});
