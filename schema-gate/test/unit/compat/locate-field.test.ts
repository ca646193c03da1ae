import { locateField } from '../../../src/compat/locate-field';

/** The 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const schema = JSON.stringify(
  {
    type: 'record',
    name: 'Order',
    namespace: 'shop',
    fields: [
      { name: 'id', type: 'string' },
      {
        name: 'lines',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'Line',
            fields: [
              { name: 'sku', type: 'string' },
              { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
            ],
          },
        },
      },
      { name: 'extra', type: ['null', { type: 'map', values: 'shop.Line' }], default: null },
      { name: 'previous', type: ['null', 'Line'], default: null },
    ],
  },
  null,
  2,
);

describe('locateField: the line of a break path in the schema text', () => {
  test('a top-level field is the line of its "name"', () => {
    expect(locateField(schema, 'Order.id')).toEqual({ line: lineOf(schema, '"id"'), exact: true });
  });

  test('through array items, a map in a union and named references', () => {
    const sku = lineOf(schema, '"sku"');
    expect(locateField(schema, 'Order.lines[].sku')).toEqual({ line: sku, exact: true });
    expect(locateField(schema, 'Order.lines[].price')).toEqual({
      line: lineOf(schema, '"price"'),
      exact: true,
    });
    // Map values and a union branch referring to Line by full and short name resolve to its definition.
    expect(locateField(schema, 'Order.extra{}.sku')).toEqual({ line: sku, exact: true });
    expect(locateField(schema, 'Order.previous.sku')).toEqual({ line: sku, exact: true });
    // The path itself (no field after the container) is the field's line.
    expect(locateField(schema, 'Order.lines[]')).toEqual({ line: lineOf(schema, '"lines"'), exact: true });
  });

  test('a field the text no longer has points at the nearest element that is there', () => {
    expect(locateField(schema, 'Order.email')).toEqual({ line: lineOf(schema, '"Order"'), exact: false });
    expect(locateField(schema, 'Order.lines[].qty')).toEqual({
      line: lineOf(schema, '"lines"'),
      exact: false,
    });
  });

  test('one-line files and text that is not JSON', () => {
    expect(locateField('{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}', 'R.a')).toEqual({
      line: 1,
      exact: true,
    });
    expect(locateField('{"type": "record", "name": ', 'R.a')).toBeUndefined();
  });
});
