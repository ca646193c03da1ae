import { parseAvroSchema } from '@contract-events/contracts';
import { tsTypeOf } from '../../src/generator/ts-types';

const typeOf = (schema: object) => tsTypeOf(parseAvroSchema(schema, 'test').root);

describe('TypeScript types of logical types', () => {
  test('the logical types the runtime converts get their converted type', () => {
    expect(typeOf({ type: 'string', logicalType: 'uuid' })).toBe('string');
    expect(typeOf({ type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 })).toBe('string');
    expect(typeOf({ type: 'long', logicalType: 'timestamp-millis' })).toBe('Date');
  });

  test('the others the model records (for the gate) keep their underlying type', () => {
    expect(typeOf({ type: 'int', logicalType: 'date' })).toBe('number');
    expect(typeOf({ type: 'int', logicalType: 'time-millis' })).toBe('number');
    expect(typeOf({ type: 'long', logicalType: 'local-timestamp-micros' })).toBe('bigint');
    expect(typeOf({ type: 'fixed', name: 'Span', size: 12, logicalType: 'duration' })).toBe('Buffer');
  });
});
