/**
 * The drift guard's fingerprint: SHA-256 of the Avro Parsing Canonical Form, checked against canonical
 * forms written out by hand from the specification's rules (full names, only the attributes that
 * matter to parsing, in the order name, type, fields, symbols, items, values, size; no whitespace).
 */
import { createHash } from 'node:crypto';
import { schemaFingerprint } from '../../../src/codec/schema-drift';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('schemaFingerprint', () => {
  it('is the SHA-256 of the canonical form of a primitive', () => {
    expect(schemaFingerprint({ type: 'int' })).toBe(sha256('"int"'));
    expect(schemaFingerprint('"long"')).toBe(sha256('"long"'));
  });

  it('drops docs, defaults, aliases, orders and logical types, and qualifies names', () => {
    const schema = {
      type: 'record',
      name: 'Order',
      namespace: 'com.example',
      doc: 'An order.',
      aliases: ['OldOrder'],
      fields: [
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' }, doc: 'When.' },
        { name: 'n', type: 'int', default: 0, order: 'descending' },
        { name: 's', type: { type: 'enum', name: 'S', symbols: ['A', 'B'], default: 'A' } },
        { name: 'tags', type: { type: 'array', items: 'string' } },
        { name: 'h', type: { type: 'fixed', name: 'H', size: 4 } },
      ],
    };
    expect(schemaFingerprint(schema)).toBe(
      sha256(
        '{"name":"com.example.Order","type":"record","fields":[' +
          '{"name":"at","type":"long"},{"name":"n","type":"int"},' +
          '{"name":"s","type":{"name":"com.example.S","type":"enum","symbols":["A","B"]}},' +
          '{"name":"tags","type":{"type":"array","items":"string"}},' +
          '{"name":"h","type":{"name":"com.example.H","type":"fixed","size":4}}]}',
      ),
    );
  });

  it('is undefined for what is not an Avro schema', () => {
    expect(schemaFingerprint('{ not json')).toBeUndefined();
    expect(schemaFingerprint({ type: 'nope' })).toBeUndefined();
  });
});
