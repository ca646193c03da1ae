import { type CompatibilityBreak, resolveSchemas, resolveWithSemantics } from '../../../src/compat';
import { parseAvroSchema } from '@contract-events/contracts';

/** Breaks when data written with `writer` is read with `reader` (BACKWARD wording: reader is new). */
function breaks(reader: unknown, writer: unknown): CompatibilityBreak[] {
  const r = parseAvroSchema(reader as object, 'reader').root;
  const w = parseAvroSchema(writer as object, 'writer').root;
  return resolveSchemas(r, w, 'BACKWARD', 't');
}
const rules = (reader: unknown, writer: unknown): string[] => breaks(reader, writer).map((b) => b.rule);

/** A record named R with a single field `f` of the given type. */
const rec = (type: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'record',
  name: 'R',
  fields: [{ name: 'f', type, ...extra }],
});

describe('primitive promotions', () => {
  const allowed: [string, string][] = [
    ['int', 'long'],
    ['int', 'float'],
    ['int', 'double'],
    ['long', 'float'],
    ['long', 'double'],
    ['float', 'double'],
    ['string', 'bytes'],
    ['bytes', 'string'],
  ];
  test.each(allowed)('writer %s is readable as %s', (writer, reader) => {
    expect(breaks(rec(reader), rec(writer))).toEqual([]);
  });

  const refused: [string, string][] = [
    ['long', 'int'],
    ['double', 'float'],
    ['double', 'long'],
    ['float', 'long'],
    ['float', 'int'],
    ['string', 'int'],
    ['boolean', 'int'],
  ];
  test.each(refused)('writer %s is not readable as %s', (writer, reader) => {
    const found = breaks(rec(reader), rec(writer));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 't.f', rule: 'TYPE_MISMATCH', direction: 'BACKWARD' });
    expect(found[0]?.message).toContain(`new type ${reader} cannot read old type ${writer}`);
  });
});

describe('unions', () => {
  test('writer union: every branch must be readable', () => {
    expect(rules(rec('string'), rec(['null', 'string']))).toEqual(['TYPE_MISMATCH']);
    expect(rules(rec('long'), rec(['int', 'long']))).toEqual([]);
  });

  test('reader union: the writer type must match a branch (promotion counts)', () => {
    expect(rules(rec(['null', 'string']), rec('string'))).toEqual([]);
    expect(rules(rec(['null', 'double']), rec('int'))).toEqual([]);
    const found = breaks(rec(['null', 'string']), rec('int'));
    expect(found.map((b) => b.rule)).toEqual(['UNION_BRANCH_MISSING']);
    expect(found[0]?.message).toContain('has no branch that reads old type int');
  });

  test('both unions: each writer branch needs a reader branch', () => {
    expect(rules(rec(['null', 'string', 'int']), rec(['null', 'int']))).toEqual([]);
    expect(rules(rec(['null', 'string']), rec(['null', 'string', 'boolean']))).toEqual([
      'UNION_BRANCH_MISSING',
    ]);
  });

  test('reader union reports the deep break of the branch the spec would pick', () => {
    const inner = (fields: unknown[]) => ({ type: 'record', name: 'Inner', fields });
    const reader = rec([
      'null',
      inner([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
      ]),
    ]);
    const writer = rec(inner([{ name: 'a', type: 'int' }]));
    expect(breaks(reader, writer)).toEqual([
      expect.objectContaining({ path: 't.f.b', rule: 'READER_FIELD_MISSING_DEFAULT' }),
    ]);
  });
});

describe('enums', () => {
  const color = (symbols: string[], extra: Record<string, unknown> = {}) => ({
    type: 'enum',
    name: 'Color',
    symbols,
    ...extra,
  });

  test('a writer symbol missing from the reader is a break', () => {
    const found = breaks(rec(color(['RED', 'GREEN'])), rec(color(['RED', 'GREEN', 'BLUE'])));
    expect(found).toEqual([expect.objectContaining({ path: 't.f', rule: 'ENUM_SYMBOL_MISSING' })]);
    expect(found[0]?.message).toContain('symbol BLUE');
  });

  test('a reader enum default absorbs unknown symbols', () => {
    expect(
      rules(rec(color(['RED', 'GREEN'], { default: 'RED' })), rec(color(['RED', 'GREEN', 'BLUE']))),
    ).toEqual([]);
  });

  test('reader may have more symbols than the writer', () => {
    expect(rules(rec(color(['RED', 'GREEN', 'BLUE'])), rec(color(['RED'])))).toEqual([]);
  });
});

describe('names and aliases', () => {
  const named = (name: string, fields: unknown[], extra: Record<string, unknown> = {}) => ({
    type: 'record',
    name,
    namespace: 'ns',
    fields,
    ...extra,
  });

  test('record renamed without alias is a name mismatch', () => {
    expect(
      rules(named('New', [{ name: 'a', type: 'int' }]), named('Old', [{ name: 'a', type: 'int' }])),
    ).toEqual(['NAME_MISMATCH']);
  });

  test('record renamed with a reader alias for the old full name resolves', () => {
    const reader = named('New', [{ name: 'a', type: 'int' }], { aliases: ['ns.Old'] });
    expect(rules(reader, named('Old', [{ name: 'a', type: 'int' }]))).toEqual([]);
  });

  test('field renamed with a reader field alias resolves; without it needs a default', () => {
    const writer = named('R', [{ name: 'mail', type: 'string' }]);
    expect(rules(named('R', [{ name: 'email', type: 'string', aliases: ['mail'] }]), writer)).toEqual([]);
    const found = breaks(named('R', [{ name: 'email', type: 'string' }]), writer);
    expect(found).toEqual([
      expect.objectContaining({ path: 't.email', rule: 'READER_FIELD_MISSING_DEFAULT' }),
    ]);
    expect(found[0]?.message).toBe(
      'new reader cannot read old data: field email has no default and the old schema does not have it',
    );
  });

  test('fixed: name and size must match', () => {
    const fixed = (name: string, size: number) => ({ type: 'fixed', name, size });
    expect(rules(rec(fixed('H', 16)), rec(fixed('H', 16)))).toEqual([]);
    expect(rules(rec(fixed('H', 16)), rec(fixed('H', 32)))).toEqual(['FIXED_SIZE_MISMATCH']);
    expect(rules(rec(fixed('H', 16)), rec(fixed('G', 16)))).toEqual(['NAME_MISMATCH']);
  });
});

describe('records, arrays and maps', () => {
  const address = (fields: unknown[]) => ({ type: 'record', name: 'Address', fields });

  test('nested record fields resolve recursively with a nested path', () => {
    const reader = rec(
      address([
        { name: 'city', type: 'string' },
        { name: 'zip', type: 'string' },
      ]),
    );
    const writer = rec(address([{ name: 'city', type: 'string' }]));
    expect(breaks(reader, writer)).toEqual([
      expect.objectContaining({ path: 't.f.zip', rule: 'READER_FIELD_MISSING_DEFAULT' }),
    ]);
  });

  test('array items and map values recurse', () => {
    expect(rules(rec({ type: 'array', items: 'long' }), rec({ type: 'array', items: 'int' }))).toEqual([]);
    expect(breaks(rec({ type: 'array', items: 'int' }), rec({ type: 'array', items: 'long' }))).toEqual([
      expect.objectContaining({ path: 't.f[]', rule: 'TYPE_MISMATCH' }),
    ]);
    expect(breaks(rec({ type: 'map', values: 'int' }), rec({ type: 'map', values: 'string' }))).toEqual([
      expect.objectContaining({ path: 't.f{}', rule: 'TYPE_MISMATCH' }),
    ]);
    expect(rules(rec({ type: 'map', values: 'int' }), rec({ type: 'array', items: 'int' }))).toEqual([
      'TYPE_MISMATCH',
    ]);
  });

  test('writer-only fields are skipped; reader-only fields with a default are filled', () => {
    const writer = {
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'gone', type: 'int' },
      ],
    };
    const reader = {
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'added', type: ['null', 'string'], default: null },
      ],
    };
    expect(rules(reader, writer)).toEqual([]);
  });

  test('recursive records terminate and still find breaks inside', () => {
    const node = (valueType: string) => ({
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'value', type: valueType },
        { name: 'next', type: ['null', 'Node'], default: null },
      ],
    });
    expect(rules(node('long'), node('int'))).toEqual([]);
    expect(breaks(node('int'), node('long'))).toEqual([
      expect.objectContaining({ path: 't.value', rule: 'TYPE_MISMATCH' }),
    ]);
  });
});

describe('logical types: resolution ignores them, as Avro does; the change of meaning is a semantic finding', () => {
  const dec = (precision: number, scale: number) => ({
    type: 'bytes',
    logicalType: 'decimal',
    precision,
    scale,
  });
  const long = (logicalType?: string) => (logicalType ? { type: 'long', logicalType } : 'long');
  /** Semantic findings when `reader` (new) reads `writer` (old). */
  const semantic = (reader: unknown, writer: unknown) =>
    resolveWithSemantics(
      parseAvroSchema(reader as object, 'reader').root,
      parseAvroSchema(writer as object, 'writer').root,
      'BACKWARD',
      't',
    );

  test('same precision and scale: nothing to say', () => {
    expect(semantic(rec(dec(12, 2)), rec(dec(12, 2)))).toEqual({ breaks: [], semantic: [] });
  });

  test('a decimal scale or precision change is no break but DECIMAL_CHANGED', () => {
    const found = semantic(rec(dec(12, 3)), rec(dec(12, 2)));
    expect(found.breaks).toEqual([]);
    expect(found.semantic).toEqual([
      {
        path: 't.f',
        rule: 'DECIMAL_CHANGED',
        direction: 'BACKWARD',
        message:
          'old schema has decimal(12,2), new schema has decimal(12,3): the registry accepts this, ' +
          'but the same bytes are read as a different number',
      },
    ]);
    expect(semantic(rec(dec(14, 2)), rec(dec(12, 2))).semantic.map((f) => f.rule)).toEqual([
      'DECIMAL_CHANGED',
    ]);
  });

  test('decimal on fixed is compared too', () => {
    const fixedDec = (scale: number) => ({
      type: 'fixed',
      name: 'Money',
      size: 8,
      logicalType: 'decimal',
      precision: 10,
      scale,
    });
    expect(semantic(rec(fixedDec(2)), rec(fixedDec(2))).semantic).toEqual([]);
    expect(semantic(rec(fixedDec(4)), rec(fixedDec(2)))).toEqual({
      breaks: [],
      semantic: [expect.objectContaining({ rule: 'DECIMAL_CHANGED' })],
    });
  });

  test('millis ↔ micros is TIME_UNIT_CHANGED; UTC ↔ local and date ↔ timestamp are LOGICAL_TYPE_CHANGED', () => {
    const found = semantic(rec(long('timestamp-micros')), rec(long('timestamp-millis')));
    expect(found.breaks).toEqual([]);
    expect(found.semantic).toEqual([
      expect.objectContaining({
        path: 't.f',
        rule: 'TIME_UNIT_CHANGED',
        message: expect.stringContaining(
          'old schema has timestamp-millis, new schema has timestamp-micros: the registry accepts this',
        ),
      }),
    ]);
    expect(
      semantic(
        rec({ type: 'long', logicalType: 'time-micros' }),
        rec({ type: 'int', logicalType: 'time-millis' }),
      ).semantic.map((f) => f.rule),
    ).toEqual(['TIME_UNIT_CHANGED']);
    expect(
      semantic(rec(long('local-timestamp-millis')), rec(long('timestamp-millis'))).semantic.map(
        (f) => f.rule,
      ),
    ).toEqual(['LOGICAL_TYPE_CHANGED']);
    expect(
      semantic(rec(long('timestamp-millis')), rec({ type: 'int', logicalType: 'date' })).semantic.map(
        (f) => f.rule,
      ),
    ).toEqual(['LOGICAL_TYPE_CHANGED']);
  });

  test('adding or removing a logical type: bytes ↔ decimal, uuid → string, int ↔ date, long ↔ timestamp', () => {
    const rulesOf = (reader: unknown, writer: unknown) =>
      semantic(reader, writer).semantic.map((f) => f.rule);
    expect(rulesOf(rec(dec(10, 2)), rec('bytes'))).toEqual(['LOGICAL_TYPE_ADDED']);
    expect(rulesOf(rec('bytes'), rec(dec(10, 2)))).toEqual(['LOGICAL_TYPE_REMOVED']);
    expect(rulesOf(rec({ type: 'int', logicalType: 'date' }), rec('int'))).toEqual(['LOGICAL_TYPE_ADDED']);
    expect(rulesOf(rec(long('timestamp-millis')), rec(long()))).toEqual(['LOGICAL_TYPE_ADDED']);
    const uuid = semantic(rec('string'), rec({ type: 'string', logicalType: 'uuid' }));
    expect(uuid.semantic).toEqual([
      expect.objectContaining({
        rule: 'LOGICAL_TYPE_REMOVED',
        message:
          'old schema has uuid, new schema has no logical type (a plain string): the registry accepts this, ' +
          'but readers lose the meaning of uuid',
      }),
    ]);
    // Through a promotion, too: a uuid string read as bytes.
    expect(rulesOf(rec('bytes'), rec({ type: 'string', logicalType: 'uuid' }))).toEqual([
      'LOGICAL_TYPE_REMOVED',
    ]);
  });

  test('unknown or invalid logical types are ignored, as the spec requires', () => {
    expect(semantic(rec({ type: 'string', logicalType: 'color' }), rec('string'))).toEqual({
      breaks: [],
      semantic: [],
    });
    expect(semantic(rec({ type: 'string', logicalType: 'date' }), rec('string'))).toEqual({
      breaks: [],
      semantic: [],
    });
    expect(semantic(rec(dec(2, 5)), rec('bytes'))).toEqual({ breaks: [], semantic: [] });
  });

  test('a finding inside a union branch the writer does not use is not reported', () => {
    // The writer's int is read by the reader's long branch; the decimal branch is never tried for it.
    expect(semantic(rec(['null', 'long', dec(10, 2)]), rec(['null', 'int'])).semantic).toEqual([]);
    expect(
      semantic(rec(['null', dec(10, 3)]), rec(['null', dec(10, 2)])).semantic.map((f) => f.rule),
    ).toEqual(['DECIMAL_CHANGED']);
  });

  test('a reader field whose name and alias match two writer fields is refused, as Avro refuses it', () => {
    const writer = {
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
      ],
    };
    const reader = { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int', aliases: ['b'] }] };
    expect(() => breaks(reader, writer)).toThrow(
      expect.objectContaining({
        code: 'FIELD_MATCH_AMBIGUOUS',
        message: expect.stringContaining('t.a: the new field a matches 2 fields'),
      }),
    );
  });
});
