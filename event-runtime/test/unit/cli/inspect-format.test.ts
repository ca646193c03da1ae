/** What `npm run inspect` prints of a record: exact values as text, NDJSON lines, pretty blocks. */
import { formatJson, formatPretty } from '../../../src/cli/inspect-format';
import {
  isoTimestamp,
  keyText,
  splitHeaders,
  toPlain,
  type InspectedRecord,
} from '../../../src/cli/inspect-record';

const base: InspectedRecord = {
  topic: 'order_created',
  partition: 1,
  offset: '42',
  timestamp: '2026-11-30T04:00:00.000Z',
  key: 'k-1',
  headers: { event_id: 'e-1' },
};

describe('toPlain', () => {
  it('turns what the codec decodes into JSON-ready values, exactly', () => {
    const decoded = {
      amount: '12.50',
      count: 9007199254740993n,
      at: new Date('2026-11-30T04:00:00.123Z'),
      raw: Buffer.from([0xde, 0xad]),
      nested: { list: [1n, { b: Buffer.from('A') }], none: null },
    };
    expect(toPlain(decoded)).toEqual({
      amount: '12.50',
      count: '9007199254740993',
      at: '2026-11-30T04:00:00.123Z',
      raw: 'dead',
      nested: { list: ['1', { b: '41' }], none: null },
    });
    expect(JSON.stringify(toPlain(decoded))).not.toContain('Buffer');
  });
});

describe('record helpers', () => {
  it('prints Kafka timestamps as ISO 8601, and keeps a missing one (-1) as given', () => {
    expect(isoTimestamp(String(Date.UTC(2026, 10, 30, 4, 0, 0, 7)))).toBe('2026-11-30T04:00:00.007Z');
    expect(isoTimestamp('-1')).toBe('-1');
  });

  it('reads keys as UTF-8 text; not UTF-8 is undefined (shown in hex)', () => {
    expect(keyText(Buffer.from('clé'))).toBe('clé');
    expect(keyText(null)).toBeNull();
    expect(keyText(Buffer.from([0xff, 0xfe]))).toBeUndefined();
  });

  it('takes the dead-letter headers out into their own part', () => {
    expect(splitHeaders({ a: '1' })).toEqual({ headers: { a: '1' } });
    expect(
      splitHeaders({
        a: '1',
        'dlq-error-code': 'TRAILING_BYTES',
        'dlq-error-message': 'two bytes after the body',
        'dlq-source-topic': 'order_created',
        'dlq-source-partition': '2',
        'dlq-source-offset': '17',
        'dlq-failed-at': '2026-11-30T04:00:00.000Z',
      }),
    ).toEqual({
      headers: { a: '1' },
      deadLetter: {
        code: 'TRAILING_BYTES',
        reason: 'two bytes after the body',
        source: { topic: 'order_created', partition: '2', offset: '17' },
        failedAt: '2026-11-30T04:00:00.000Z',
      },
    });
  });
});

describe('formatJson', () => {
  it('is one line of JSON per record (NDJSON)', () => {
    const record = {
      ...base,
      schema: { id: 3, subject: 'order_created-value', version: 2 },
      value: { a: 'x\ny' },
    };
    const line = formatJson(record);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(record);
  });
});

describe('formatPretty', () => {
  it('shows position, key, headers, schema and the value indented', () => {
    const text = formatPretty({
      ...base,
      schema: { id: 3, subject: 'order_created-value', version: 2 },
      value: { amount: '12.50' },
    });
    expect(text).toBe(
      [
        'order_created  partition 1  offset 42  2026-11-30T04:00:00.000Z',
        '  key         k-1',
        '  headers     event_id=e-1',
        '  schema      order_created-value v2  id 3',
        '  value',
        '    {',
        '      "amount": "12.50"',
        '    }',
        '',
      ].join('\n'),
    );
  });

  it('shows a dead letter, an undecodable value in hex, a key that is not text and a tombstone', () => {
    const dead = formatPretty({
      ...base,
      key: null,
      keyHex: 'fffe',
      headers: {},
      deadLetter: {
        code: 'BAD_MAGIC_BYTE',
        reason: 'starts with 0x07',
        source: { topic: 'order_created', partition: '0', offset: '5' },
        failedAt: '2026-11-30T04:01:00.000Z',
      },
      undecodable: { code: 'BAD_MAGIC_BYTE', reason: 'starts with 0x07', hex: '0701' },
    });
    expect(dead).toContain('  key         (not UTF-8) fffe\n');
    expect(dead).toContain('  dead letter BAD_MAGIC_BYTE: starts with 0x07\n');
    expect(dead).toContain(
      '  source      order_created  partition 0  offset 5  failed at 2026-11-30T04:01:00.000Z\n',
    );
    expect(dead).toContain('  undecodable BAD_MAGIC_BYTE: starts with 0x07\n  bytes       0701\n');
    expect(dead).not.toContain('headers');
    expect(formatPretty({ ...base, key: null, tombstone: true, value: null })).toContain(
      '  key         (none)\n  headers     event_id=e-1\n  value       null (tombstone)\n',
    );
    expect(
      formatPretty({
        ...base,
        schema: { id: 99 },
        undecodable: { code: 'TRUNCATED_MESSAGE', reason: 'r', hex: '' },
      }),
    ).toContain(
      '  schema      (no subject lists it)  id 99\n  undecodable TRUNCATED_MESSAGE: r\n  bytes       (empty)\n',
    );
  });
});
