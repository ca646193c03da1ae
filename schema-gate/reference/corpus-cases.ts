/**
 * The compatibility corpus: pairs of schemas (an old version and a new one) and histories (earlier
 * versions, oldest first, and a candidate), grouped by the rule of the Avro specification's "Schema
 * Resolution" section they exercise. `npm run gate:corpus` asks Apache Avro's Java library for the
 * verdict of each (ReferenceVerdicts.java) and writes both into test/corpus/avro-reference.json,
 * which the unit tier checks the gate against. Each pair is checked in both directions (the new
 * schema reading old data and the old schema reading new data), so a case needs writing once.
 */

/** An Avro schema as JSON. */
export type Schema = unknown;

/** Two versions of a schema. */
export interface PairCase {
  readonly id: string;
  /** The rule of the specification the pair exercises. */
  readonly group: string;
  readonly note: string;
  readonly old: Schema;
  readonly new: Schema;
}

/** Earlier versions (oldest first) and a candidate. */
export interface HistoryCase {
  readonly id: string;
  readonly note: string;
  readonly versions: readonly Schema[];
  readonly candidate: Schema;
}

type Field = Record<string, unknown>;

const field = (name: string, type: Schema, extra: Record<string, unknown> = {}): Field => ({
  name,
  type,
  ...extra,
});
const record = (name: string, fields: Field[], extra: Record<string, unknown> = {}) => ({
  type: 'record',
  name,
  fields,
  ...extra,
});
/** A record R with one field `f` of the given type. */
const one = (type: Schema, extra: Record<string, unknown> = {}) => record('R', [field('f', type, extra)]);
const enumOf = (name: string, symbols: string[], extra: Record<string, unknown> = {}) => ({
  type: 'enum',
  name,
  symbols,
  ...extra,
});
const fixedOf = (name: string, size: number, extra: Record<string, unknown> = {}) => ({
  type: 'fixed',
  name,
  size,
  ...extra,
});
const arrayOf = (items: Schema) => ({ type: 'array', items });
const mapOf = (values: Schema) => ({ type: 'map', values });
const decimal = (precision: number, scale: number, base: Schema = 'bytes') =>
  typeof base === 'string'
    ? { type: base, logicalType: 'decimal', precision, scale }
    : { ...(base as object), logicalType: 'decimal', precision, scale };
const logical = (type: string, logicalType: string) => ({ type, logicalType });

const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];

function promotions(): PairCase[] {
  const cases: PairCase[] = [];
  for (let i = 0; i < PRIMITIVES.length; i++) {
    for (let j = i; j < PRIMITIVES.length; j++) {
      const a = PRIMITIVES[i] as string;
      const b = PRIMITIVES[j] as string;
      cases.push({
        id: `primitive-field-${a}-${b}`,
        group: 'promotions',
        note: `a field of type ${a} becomes ${b}`,
        old: one(a),
        new: one(b),
      });
    }
  }
  for (const [a, b] of [
    ['int', 'long'],
    ['long', 'double'],
    ['string', 'bytes'],
    ['float', 'int'],
    ['boolean', 'null'],
  ] as const) {
    cases.push({
      id: `primitive-top-${a}-${b}`,
      group: 'promotions',
      note: `a top-level ${a} becomes ${b}`,
      old: a,
      new: b,
    });
  }
  cases.push(
    {
      id: 'promotion-in-array',
      group: 'promotions',
      note: 'array items promoted int to double',
      old: one(arrayOf('int')),
      new: one(arrayOf('double')),
    },
    {
      id: 'promotion-in-map',
      group: 'promotions',
      note: 'map values promoted long to float',
      old: one(mapOf('long')),
      new: one(mapOf('float')),
    },
    {
      id: 'promotion-string-bytes-in-map',
      group: 'promotions',
      note: 'map values string to bytes',
      old: mapOf('string'),
      new: mapOf('bytes'),
    },
  );
  return cases;
}

function unions(): PairCase[] {
  const R = (fields: Field[], name = 'Inner') => record(name, fields);
  const c = (id: string, note: string, old: Schema, next: Schema): PairCase => ({
    id: `union-${id}`,
    group: 'unions',
    note,
    old,
    new: next,
  });
  return [
    c('optional-vs-plain', 'a string becomes an optional string', one('string'), one(['null', 'string'])),
    c(
      'reordered',
      'union branches reordered',
      one(['null', 'string']),
      one(['string', 'null'], { default: 'x' }),
    ),
    c('single-branch', 'a string becomes a one-branch union of string', one('string'), one(['string'])),
    c('promoted-branch', 'int becomes an optional long', one('int'), one(['null', 'long'])),
    c(
      'promoted-union',
      'union of int and string becomes union of long and bytes',
      one(['int', 'string']),
      one(['long', 'bytes']),
    ),
    c('branch-added', 'a branch is added', one(['null', 'int']), one(['null', 'int', 'string'])),
    c(
      'branch-removed-and-added',
      'one branch replaced by another',
      one(['null', 'int']),
      one(['null', 'string']),
    ),
    c('no-matching-branch', 'int becomes an optional string', one('int'), one(['null', 'string'])),
    c('to-plain-narrower', 'union of int and boolean becomes long', one(['int', 'boolean']), one('long')),
    c('to-plain-wider', 'union of int and long becomes double', one(['int', 'long']), one('double')),
    c('float-long-reader', 'int becomes a union of float and long', one('int'), one(['float', 'long'])),
    c('bytes-branch-reads-string', 'string becomes an optional bytes', one('string'), one(['null', 'bytes'])),
    c(
      'record-branch',
      'a record becomes an optional record of the same name',
      one(R([field('a', 'int')])),
      one(['null', R([field('a', 'int')])]),
    ),
    c(
      'record-branch-deep-break',
      'a record becomes an optional record with a new field without default',
      one(R([field('a', 'int')])),
      one(['null', R([field('a', 'int'), field('b', 'int')])]),
    ),
    c(
      'two-records',
      'a union of two records loses one',
      one([R([field('a', 'int')], 'A'), R([field('b', 'int')], 'B')]),
      one([R([field('a', 'int')], 'A')]),
    ),
    c(
      'record-renamed-in-union',
      'a record branch renamed without alias',
      one(['null', R([field('a', 'int')], 'A')]),
      one(['null', R([field('a', 'int')], 'B')]),
    ),
    c(
      'enum-branch',
      'an enum becomes an optional enum',
      one(enumOf('E', ['X', 'Y'])),
      one(['null', enumOf('E', ['X', 'Y'])]),
    ),
    c(
      'enum-branch-fewer-symbols',
      'an enum becomes an optional enum with fewer symbols',
      one(enumOf('E', ['X', 'Y'])),
      one(['null', enumOf('E', ['X'])]),
    ),
    c(
      'array-branch',
      'an array becomes an optional array',
      one(arrayOf('int')),
      one(['null', arrayOf('long')]),
    ),
    c('map-branch', 'a map becomes an optional map', one(mapOf('long')), one(['null', mapOf('int')])),
    c(
      'array-vs-map-branch',
      'an array becomes an optional map',
      one(arrayOf('int')),
      one(['null', mapOf('int')]),
    ),
    c(
      'fixed-branch',
      'a fixed becomes an optional fixed',
      one(fixedOf('F', 4)),
      one(['null', fixedOf('F', 4)]),
    ),
    c(
      'fixed-branch-size',
      'a fixed becomes an optional fixed of another size',
      one(fixedOf('F', 4)),
      one(['null', fixedOf('F', 8)]),
    ),
    c(
      'recursive-branch',
      'an optional recursive record gains a field with a default',
      one(['null', record('Node', [field('v', 'int'), field('next', ['null', 'Node'], { default: null })])], {
        default: null,
      }),
      one(
        [
          'null',
          record('Node', [
            field('v', 'long'),
            field('next', ['null', 'Node'], { default: null }),
            field('w', 'int', { default: 0 }),
          ]),
        ],
        { default: null },
      ),
    ),
    c('int-and-long-to-long', 'union of int and long becomes long', one(['int', 'long']), one('long')),
    c('top-level', 'top-level union gains a branch', ['null', 'string'], ['null', 'string', 'long']),
    c('top-level-vs-plain', 'top-level union becomes a plain type', ['null', 'string'], 'string'),
    c('null-only', 'null becomes an optional string', one('null'), one(['null', 'string'])),
    c('in-array', 'array items become optional', one(arrayOf('string')), one(arrayOf(['null', 'string']))),
    c('in-map', 'map values become a union with int', one(mapOf('long')), one(mapOf(['int', 'string']))),
    c(
      'many-branches',
      'a wide union is narrowed to long and string',
      one(['null', 'int', 'long', 'string']),
      one(['long', 'string', 'null'], { default: 0 }),
    ),
    c(
      'bytes-string-swap',
      'union of bytes becomes union of string',
      one(['null', 'bytes']),
      one(['null', 'string']),
    ),
  ];
}

function enums(): PairCase[] {
  const c = (id: string, note: string, old: Schema, next: Schema): PairCase => ({
    id: `enum-${id}`,
    group: 'enums',
    note,
    old,
    new: next,
  });
  return [
    c(
      'same',
      'unchanged enum',
      one(enumOf('Color', ['RED', 'GREEN'])),
      one(enumOf('Color', ['RED', 'GREEN'])),
    ),
    c(
      'symbol-added',
      'a symbol is added',
      one(enumOf('Color', ['RED', 'GREEN'])),
      one(enumOf('Color', ['RED', 'GREEN', 'BLUE'])),
    ),
    c(
      'symbol-removed',
      'a symbol is removed',
      one(enumOf('Color', ['RED', 'GREEN'])),
      one(enumOf('Color', ['RED'])),
    ),
    c(
      'reordered',
      'symbols reordered',
      one(enumOf('Color', ['RED', 'GREEN'])),
      one(enumOf('Color', ['GREEN', 'RED'])),
    ),
    c(
      'added-with-default',
      'a symbol is added, both versions have a default',
      one(enumOf('Color', ['UNKNOWN', 'RED'], { default: 'UNKNOWN' })),
      one(enumOf('Color', ['UNKNOWN', 'RED', 'BLUE'], { default: 'UNKNOWN' })),
    ),
    c(
      'added-new-default',
      'a symbol is added and the new version gains a default',
      one(enumOf('Color', ['UNKNOWN', 'RED'])),
      one(enumOf('Color', ['UNKNOWN', 'RED', 'BLUE'], { default: 'UNKNOWN' })),
    ),
    c(
      'removed-new-default',
      'a symbol is removed and the new version has a default',
      one(enumOf('Color', ['UNKNOWN', 'RED', 'BLUE'])),
      one(enumOf('Color', ['UNKNOWN', 'RED'], { default: 'UNKNOWN' })),
    ),
    c(
      'replaced-both-defaults',
      'a symbol replaced by another, both with defaults',
      one(enumOf('Color', ['UNKNOWN', 'RED'], { default: 'UNKNOWN' })),
      one(enumOf('Color', ['UNKNOWN', 'BLUE'], { default: 'UNKNOWN' })),
    ),
    c(
      'default-dropped',
      'the default is dropped, symbols unchanged',
      one(enumOf('Color', ['UNKNOWN', 'RED'], { default: 'UNKNOWN' })),
      one(enumOf('Color', ['UNKNOWN', 'RED'])),
    ),
    c('renamed', 'the enum is renamed', one(enumOf('Color', ['RED'])), one(enumOf('Colour', ['RED']))),
    c(
      'renamed-with-alias',
      'the enum is renamed with an alias for the old name',
      one(enumOf('Color', ['RED'])),
      one(enumOf('Colour', ['RED'], { aliases: ['Color'] })),
    ),
    c(
      'namespace-changed',
      'the enum moves to another namespace',
      one(enumOf('Color', ['RED'], { namespace: 'a' })),
      one(enumOf('Color', ['RED'], { namespace: 'b' })),
    ),
    c('vs-string', 'an enum becomes a string', one(enumOf('Color', ['RED'])), one('string')),
    c(
      'field-default',
      'a field of enum type is added with a default symbol',
      record('R', [field('a', 'int')]),
      record('R', [field('a', 'int'), field('c', enumOf('Color', ['RED', 'GREEN']), { default: 'GREEN' })]),
    ),
    c(
      'enum-default-no-field-default',
      'a field of an enum with a symbol default, but no field default, is added',
      record('R', [field('a', 'int')]),
      record('R', [field('a', 'int'), field('c', enumOf('Color', ['RED'], { default: 'RED' }))]),
    ),
    c(
      'in-union-with-default',
      'an optional enum with a default gains a symbol',
      one(['null', enumOf('Color', ['U', 'RED'], { default: 'U' })], { default: null }),
      one(['null', enumOf('Color', ['U', 'RED', 'BLUE'], { default: 'U' })], { default: null }),
    ),
    c(
      'top-level',
      'top-level enum gains a symbol',
      enumOf('Color', ['RED']),
      enumOf('Color', ['RED', 'GREEN']),
    ),
    c(
      'in-array',
      'an array of enums loses a symbol',
      one(arrayOf(enumOf('Color', ['RED', 'GREEN']))),
      one(arrayOf(enumOf('Color', ['RED']))),
    ),
  ];
}

function fixed(): PairCase[] {
  const c = (id: string, note: string, old: Schema, next: Schema): PairCase => ({
    id: `fixed-${id}`,
    group: 'fixed',
    note,
    old,
    new: next,
  });
  return [
    c('same', 'unchanged fixed', one(fixedOf('Hash', 16)), one(fixedOf('Hash', 16))),
    c('size', 'size changed', one(fixedOf('Hash', 16)), one(fixedOf('Hash', 32))),
    c('renamed', 'renamed', one(fixedOf('Hash', 16)), one(fixedOf('Digest', 16))),
    c(
      'renamed-with-alias',
      'renamed with an alias',
      one(fixedOf('Hash', 16)),
      one(fixedOf('Digest', 16, { aliases: ['Hash'] })),
    ),
    c('renamed-and-resized', 'renamed and resized', one(fixedOf('Hash', 16)), one(fixedOf('Digest', 8))),
    c(
      'namespace-changed',
      'moved to another namespace',
      one(fixedOf('Hash', 16, { namespace: 'a' })),
      one(fixedOf('Hash', 16, { namespace: 'b' })),
    ),
    c('vs-bytes', 'a fixed becomes bytes', one(fixedOf('Hash', 16)), one('bytes')),
    c('vs-string', 'a fixed becomes a string', one(fixedOf('Hash', 16)), one('string')),
    c('top-level', 'top-level fixed resized', fixedOf('Hash', 4), fixedOf('Hash', 5)),
    c('in-map', 'a map of fixed resized', one(mapOf(fixedOf('Hash', 4))), one(mapOf(fixedOf('Hash', 5)))),
  ];
}

function aliases(): PairCase[] {
  const c = (id: string, note: string, old: Schema, next: Schema): PairCase => ({
    id: `alias-${id}`,
    group: 'aliases',
    note,
    old,
    new: next,
  });
  const ns = { namespace: 'ns' };
  return [
    c(
      'record-renamed',
      'a record renamed without alias',
      record('Old', [field('a', 'int')], ns),
      record('New', [field('a', 'int')], ns),
    ),
    c(
      'record-full-alias',
      'a record renamed with the old full name as alias',
      record('Old', [field('a', 'int')], ns),
      record('New', [field('a', 'int')], { ...ns, aliases: ['ns.Old'] }),
    ),
    c(
      'record-short-alias',
      'a record renamed with the old short name as alias (same namespace)',
      record('Old', [field('a', 'int')], ns),
      record('New', [field('a', 'int')], { ...ns, aliases: ['Old'] }),
    ),
    c(
      'record-alias-other-namespace',
      'a record renamed and moved, aliased by its old full name',
      record('Old', [field('a', 'int')], { namespace: 'one' }),
      record('New', [field('a', 'int')], { namespace: 'two', aliases: ['one.Old'] }),
    ),
    c(
      'record-alias-wrong-namespace',
      'a record renamed and moved, aliased by a short name that resolves in the new namespace',
      record('Old', [field('a', 'int')], { namespace: 'one' }),
      record('New', [field('a', 'int')], { namespace: 'two', aliases: ['Old'] }),
    ),
    c(
      'record-writer-alias-only',
      'the old record carries an alias of the new name (aliases are the reader’s)',
      record('Old', [field('a', 'int')], { ...ns, aliases: ['ns.New'] }),
      record('New', [field('a', 'int')], ns),
    ),
    c(
      'nested-record-alias',
      'a nested record renamed with an alias',
      one(record('Address', [field('city', 'string')], ns)),
      one(record('Location', [field('city', 'string')], { ...ns, aliases: ['ns.Address'] })),
    ),
    c(
      'field-renamed',
      'a field renamed without alias or default',
      record('R', [field('mail', 'string')]),
      record('R', [field('email', 'string')]),
    ),
    c(
      'field-alias',
      'a field renamed with an alias',
      record('R', [field('mail', 'string')]),
      record('R', [field('email', 'string', { aliases: ['mail'] })]),
    ),
    c(
      'field-alias-and-default',
      'a field renamed with an alias and a default',
      record('R', [field('mail', 'string')]),
      record('R', [field('email', 'string', { aliases: ['mail'], default: '' })]),
    ),
    c(
      'field-alias-type-change',
      'a field renamed with an alias and retyped int to string',
      record('R', [field('n', 'int')]),
      record('R', [field('count', 'string', { aliases: ['n'] })]),
    ),
    c(
      'field-alias-promotion',
      'a field renamed with an alias and promoted int to long',
      record('R', [field('n', 'int')]),
      record('R', [field('count', 'long', { aliases: ['n'] })]),
    ),
    c(
      'field-name-wins-over-alias',
      'the new field keeps its name and also aliases another old field',
      record('R', [field('a', 'int'), field('b', 'string')]),
      record('R', [field('a', 'int', { aliases: ['b'] })]),
    ),
    c(
      'field-several-aliases',
      'a field with two aliases, the second one matching',
      record('R', [field('user_mail', 'string')]),
      record('R', [field('email', 'string', { aliases: ['mail', 'user_mail'] })]),
    ),
    c(
      'enum-alias-full',
      'an enum renamed and moved, aliased by its old full name',
      one(enumOf('Color', ['RED'], { namespace: 'one' })),
      one(enumOf('Colour', ['RED'], { namespace: 'two', aliases: ['one.Color'] })),
    ),
    c(
      'fixed-alias-other-namespace',
      'a fixed renamed and moved, aliased by its old full name',
      one(fixedOf('Hash', 8, { namespace: 'one' })),
      one(fixedOf('Digest', 8, { namespace: 'two', aliases: ['one.Hash'] })),
    ),
    c(
      'field-writer-alias-only',
      'the old field carries an alias of the new name (field aliases are the reader’s)',
      record('R', [field('mail', 'string', { aliases: ['email'] })]),
      record('R', [field('email', 'string')]),
    ),
    c(
      'enum-short-alias',
      'an enum renamed with its old short name as alias, same namespace',
      one(enumOf('Color', ['RED'], { namespace: 'ns' })),
      one(enumOf('Colour', ['RED'], { namespace: 'ns', aliases: ['Color'] })),
    ),
    c(
      'field-and-record-renamed',
      'a nested record and its field renamed, each with an alias',
      one(record('Address', [field('town', 'string')], { namespace: 'ns' })),
      one(
        record('Location', [field('city', 'string', { aliases: ['town'] })], {
          namespace: 'ns',
          aliases: ['ns.Address'],
        }),
      ),
    ),
    c(
      'field-renamed-record-not-aliased',
      'a nested record renamed without alias, its field with one',
      one(record('Address', [field('town', 'string')], { namespace: 'ns' })),
      one(record('Location', [field('city', 'string', { aliases: ['town'] })], { namespace: 'ns' })),
    ),
  ];
}

function names(): PairCase[] {
  const c = (id: string, note: string, old: Schema, next: Schema): PairCase => ({
    id: `names-${id}`,
    group: 'named types and namespaces',
    note,
    old,
    new: next,
  });
  return [
    c(
      'namespace-changed',
      'a record moves to another namespace, same name',
      record('R', [field('a', 'int')], { namespace: 'one' }),
      record('R', [field('a', 'int')], { namespace: 'two' }),
    ),
    c(
      'dotted-name',
      'a namespace attribute becomes a dotted name',
      record('R', [field('a', 'int')], { namespace: 'one' }),
      record('one.R', [field('a', 'int')]),
    ),
    c(
      'record-renamed-same-namespace',
      'a top-level record renamed',
      record('R', [field('a', 'int')], { namespace: 'one' }),
      record('S', [field('a', 'int')], { namespace: 'one' }),
    ),
    c(
      'nested-inherits-namespace',
      'a nested record moves with its parent namespace',
      record('R', [field('x', record('Inner', [field('a', 'int')]))], { namespace: 'one' }),
      record('R', [field('x', record('Inner', [field('a', 'int')]))], { namespace: 'two' }),
    ),
    c(
      'reference-reused',
      'a named type referenced twice; the second use is by name',
      record('R', [field('a', fixedOf('Id', 4)), field('b', 'Id')]),
      record('R', [field('a', fixedOf('Id', 4)), field('b', 'Id')]),
    ),
    c(
      'reference-reused-resized',
      'a named type referenced twice, resized',
      record('R', [field('a', fixedOf('Id', 4)), field('b', 'Id')]),
      record('R', [field('a', fixedOf('Id', 8)), field('b', 'Id')]),
    ),
    c(
      'record-vs-enum-same-name',
      'a record becomes an enum of the same name',
      one(record('Thing', [field('a', 'int')])),
      one(enumOf('Thing', ['A'])),
    ),
    c(
      'record-vs-map',
      'a record becomes a map',
      one(record('Thing', [field('a', 'int')])),
      one(mapOf('int')),
    ),
    c(
      'error-type',
      'a record field of an error type (records by another keyword) is unchanged',
      one({ type: 'error', name: 'Failure', fields: [field('code', 'int')] }),
      one({ type: 'error', name: 'Failure', fields: [field('code', 'long')] }),
    ),
    c(
      'qualified-reference',
      'a nested type referenced by its full name from another namespace',
      record('R', [
        field('a', record('Inner', [field('v', 'int')], { namespace: 'other' })),
        field('b', 'other.Inner'),
      ]),
      record('R', [
        field('a', record('Inner', [field('v', 'long')], { namespace: 'other' })),
        field('b', 'other.Inner'),
      ]),
    ),
    c(
      'record-vs-fixed-same-name',
      'a fixed becomes a record of the same name',
      one(fixedOf('Thing', 4)),
      one(record('Thing', [field('a', 'int')])),
    ),
    c(
      'enum-default-renamed',
      'an enum with a default renamed without alias',
      one(enumOf('Color', ['U', 'RED'], { default: 'U' })),
      one(enumOf('Colour', ['U', 'RED'], { default: 'U' })),
    ),
  ];
}

function recursive(): PairCase[] {
  const c = (id: string, note: string, old: Schema, next: Schema): PairCase => ({
    id: `recursive-${id}`,
    group: 'recursive types',
    note,
    old,
    new: next,
  });
  const list = (value: string, extra: Field[] = []) =>
    record('Node', [field('value', value), field('next', ['null', 'Node'], { default: null }), ...extra]);
  const tree = (value: string) =>
    record('Tree', [field('value', value), field('children', arrayOf('Tree'), { default: [] })]);
  return [
    c('list-same', 'a linked list unchanged', list('int'), list('int')),
    c('list-promoted', 'a linked list promotes its values int to long', list('int'), list('long')),
    c('list-string-bytes', 'a linked list of strings becomes bytes', list('string'), list('bytes')),
    c(
      'list-field-with-default',
      'a linked list node gains a field with a default',
      list('int'),
      list('int', [field('tag', 'string', { default: '' })]),
    ),
    c(
      'list-field-without-default',
      'a linked list node gains a field without a default',
      list('int'),
      list('int', [field('tag', 'string')]),
    ),
    c('tree-promoted', 'a tree promotes its values', tree('float'), tree('double')),
    c('tree-retyped', 'a tree retypes its values', tree('string'), tree('int')),
    c(
      'map-recursion',
      'a record recursive through a map retypes a field string to bytes',
      record('Dir', [field('name', 'string'), field('entries', mapOf('Dir'))]),
      record('Dir', [field('name', 'bytes'), field('entries', mapOf('Dir'))]),
    ),
    c(
      'mutual',
      'two mutually recursive records, one field retyped int to long',
      record('A', [field('b', ['null', record('B', [field('a', ['null', 'A']), field('n', 'int')])])]),
      record('A', [field('b', ['null', record('B', [field('a', ['null', 'A']), field('n', 'long')])])]),
    ),
    c(
      'recursion-removed',
      'a recursive reference replaced by a plain field',
      list('int'),
      record('Node', [field('value', 'int'), field('next', ['null', 'string'], { default: null })]),
    ),
    c(
      'recursive-union-with-map',
      'a node whose children are an optional map of nodes promotes a value',
      record('N', [field('v', 'float'), field('kids', ['null', mapOf('N')], { default: null })]),
      record('N', [field('v', 'double'), field('kids', ['null', mapOf('N')], { default: null })]),
    ),
    c(
      'recursive-deep-break',
      'a recursive list whose nested record gains a field without default',
      record('Node', [
        field('meta', record('Meta', [field('a', 'int')])),
        field('next', ['null', 'Node'], { default: null }),
      ]),
      record('Node', [
        field('meta', record('Meta', [field('a', 'int'), field('b', 'int')])),
        field('next', ['null', 'Node'], { default: null }),
      ]),
    ),
    c(
      'recursive-renamed-with-alias',
      'a recursive record renamed with an alias, its self-reference renamed too',
      list('int'),
      record('Link', [field('value', 'int'), field('next', ['null', 'Link'], { default: null })], {
        aliases: ['Node'],
      }),
    ),
  ];
}

function defaults(): PairCase[] {
  const base = [field('id', 'string')];
  const values: [string, Schema, unknown][] = [
    ['null', 'null', null],
    ['boolean', 'boolean', true],
    ['int', 'int', 7],
    ['long', 'long', 1_000_000_000_000],
    ['float', 'float', 1.5],
    ['double', 'double', 2.25],
    ['bytes', 'bytes', '\u00ff'],
    ['string', 'string', 'none'],
    ['enum', enumOf('Kind', ['A', 'B']), 'B'],
    ['fixed', fixedOf('Four', 4), 'abcd'],
    ['array', arrayOf('int'), [1, 2]],
    ['map', mapOf('string'), { k: 'v' }],
    ['record', record('Point', [field('x', 'int'), field('y', 'int')]), { x: 1, y: 2 }],
    ['union-null-first', ['null', 'string'], null],
    ['union-string-first', ['string', 'null'], 'x'],
    ['decimal', decimal(6, 2), '\u0000'],
  ];
  const cases: PairCase[] = [];
  for (const [name, type, value] of values) {
    cases.push({
      id: `default-${name}-added`,
      group: 'defaults',
      note: `a ${name} field is added with a default`,
      old: record('R', base),
      new: record('R', [...base, field('extra', type, { default: value })]),
    });
  }
  for (const [name, type] of values.filter(([n]) =>
    ['int', 'string', 'record', 'union-null-first'].includes(n),
  )) {
    cases.push({
      id: `default-${name}-missing`,
      group: 'defaults',
      note: `a ${name} field is added without a default`,
      old: record('R', base),
      new: record('R', [...base, field('extra', type)]),
    });
  }
  cases.push(
    {
      id: 'default-field-removed-had-default',
      group: 'defaults',
      note: 'a field with a default is removed',
      old: record('R', [...base, field('gone', 'int', { default: 0 })]),
      new: record('R', base),
    },
    {
      id: 'default-field-removed-without-default',
      group: 'defaults',
      note: 'a field without a default is removed',
      old: record('R', [...base, field('gone', 'int')]),
      new: record('R', base),
    },
    {
      id: 'default-added-to-existing-field',
      group: 'defaults',
      note: 'an existing field gains a default',
      old: record('R', [...base, field('n', 'int')]),
      new: record('R', [...base, field('n', 'int', { default: 0 })]),
    },
    {
      id: 'default-field-replaced',
      group: 'defaults',
      note: 'one field without default replaced by another without default',
      old: record('R', [...base, field('a', 'int')]),
      new: record('R', [...base, field('b', 'int')]),
    },
    {
      id: 'default-field-replaced-with-defaults',
      group: 'defaults',
      note: 'one field replaced by another, both with defaults',
      old: record('R', [...base, field('a', 'int', { default: 1 })]),
      new: record('R', [...base, field('b', 'int', { default: 2 })]),
    },
    {
      id: 'default-fields-reordered',
      group: 'defaults',
      note: 'fields reordered',
      old: record('R', [field('a', 'int'), field('b', 'string')]),
      new: record('R', [field('b', 'string'), field('a', 'int')]),
    },
    {
      id: 'default-empty-record',
      group: 'defaults',
      note: 'an empty record gains a field with a default',
      old: record('R', []),
      new: record('R', [field('a', 'int', { default: 0 })]),
    },
  );
  return cases;
}

function nested(): PairCase[] {
  const c = (id: string, note: string, old: Schema, next: Schema): PairCase => ({
    id: `nested-${id}`,
    group: 'nested records, arrays and maps',
    note,
    old,
    new: next,
  });
  const address = (fields: Field[]) => record('Address', fields);
  return [
    c(
      'record-field-added-default',
      'a nested record gains a field with a default',
      one(address([field('city', 'string')])),
      one(address([field('city', 'string'), field('zip', 'string', { default: '' })])),
    ),
    c(
      'record-field-added',
      'a nested record gains a field without a default',
      one(address([field('city', 'string')])),
      one(address([field('city', 'string'), field('zip', 'string')])),
    ),
    c(
      'record-in-array',
      'records in an array gain a field without a default',
      one(arrayOf(address([field('city', 'string')]))),
      one(arrayOf(address([field('city', 'string'), field('zip', 'string')]))),
    ),
    c(
      'record-in-map',
      'records in a map retype a field',
      one(mapOf(address([field('n', 'long')]))),
      one(mapOf(address([field('n', 'int')]))),
    ),
    c(
      'array-of-arrays',
      'an array of arrays promotes its items',
      one(arrayOf(arrayOf('int'))),
      one(arrayOf(arrayOf('long'))),
    ),
    c(
      'map-of-arrays',
      'a map of arrays retypes its items',
      one(mapOf(arrayOf('string'))),
      one(mapOf(arrayOf('int'))),
    ),
    c('array-vs-map', 'an array becomes a map', one(arrayOf('int')), one(mapOf('int'))),
    c('array-vs-items', 'an array of int becomes an int', one(arrayOf('int')), one('int')),
    c(
      'record-in-union-in-array',
      'records in optional items gain a field with a default',
      one(arrayOf(['null', address([field('city', 'string')])])),
      one(arrayOf(['null', address([field('city', 'string'), field('n', 'int', { default: 0 })])])),
    ),
    c(
      'deep-three-levels',
      'a field three records deep is retyped',
      one(record('A', [field('b', record('B', [field('c', record('C', [field('v', 'double')]))]))])),
      one(record('A', [field('b', record('B', [field('c', record('C', [field('v', 'float')]))]))])),
    ),
    c(
      'deep-three-levels-promotion',
      'a field three records deep is promoted',
      one(record('A', [field('b', record('B', [field('c', record('C', [field('v', 'float')]))]))])),
      one(record('A', [field('b', record('B', [field('c', record('C', [field('v', 'double')]))]))])),
    ),
    c(
      'map-of-maps',
      'a map of maps of enums gains a symbol',
      one(mapOf(mapOf(enumOf('E', ['A'])))),
      one(mapOf(mapOf(enumOf('E', ['A', 'B'])))),
    ),
    c(
      'several-breaks',
      'two nested fields break at once',
      one(address([field('a', 'string'), field('b', 'int')])),
      one(address([field('a', 'int'), field('b', 'string')])),
    ),
  ];
}

/** Logical types: resolution ignores them (the gate reports these as semantic findings instead). */
function logicalTypes(): PairCase[] {
  const c = (id: string, note: string, old: Schema, next: Schema): PairCase => ({
    id: `logical-${id}`,
    group: 'logical types',
    note,
    old,
    new: next,
  });
  return [
    c('decimal-added-bytes', 'bytes gains a decimal', one('bytes'), one(decimal(10, 2))),
    c('decimal-scale', 'a decimal changes scale', one(decimal(12, 2)), one(decimal(12, 3))),
    c('decimal-precision', 'a decimal changes precision', one(decimal(12, 2)), one(decimal(14, 2))),
    c(
      'decimal-fixed-added',
      'a fixed gains a decimal',
      one(fixedOf('Money', 8)),
      one(decimal(10, 2, fixedOf('Money', 8))),
    ),
    c(
      'decimal-fixed-scale',
      'a fixed decimal changes scale',
      one(decimal(10, 2, fixedOf('Money', 8))),
      one(decimal(10, 4, fixedOf('Money', 8))),
    ),
    c(
      'decimal-bytes-vs-fixed',
      'a bytes decimal becomes a fixed decimal',
      one(decimal(10, 2)),
      one(decimal(10, 2, fixedOf('Money', 8))),
    ),
    c('decimal-vs-string', 'a decimal becomes a string', one(decimal(10, 2)), one('string')),
    c(
      'decimal-invalid',
      'bytes gains an invalid decimal (scale above precision)',
      one('bytes'),
      one(decimal(2, 5)),
    ),
    c(
      'unknown-logical-string',
      'a string gains an unknown logical type',
      one('string'),
      one(logical('string', 'color')),
    ),
    c(
      'unknown-logical-long',
      'a long with an unknown logical type loses it',
      one(logical('long', 'epoch-nanos-x')),
      one('long'),
    ),
    c('uuid-removed', 'a uuid becomes a plain string', one(logical('string', 'uuid')), one('string')),
    c('uuid-to-bytes', 'a uuid becomes bytes', one(logical('string', 'uuid')), one('bytes')),
    c(
      'timestamp-added',
      'a long gains timestamp-millis',
      one('long'),
      one(logical('long', 'timestamp-millis')),
    ),
    c(
      'timestamp-unit',
      'timestamp-millis becomes timestamp-micros',
      one(logical('long', 'timestamp-millis')),
      one(logical('long', 'timestamp-micros')),
    ),
    c(
      'timestamp-local',
      'timestamp-millis becomes local-timestamp-millis',
      one(logical('long', 'timestamp-millis')),
      one(logical('long', 'local-timestamp-millis')),
    ),
    c('date-vs-int', 'an int gains date', one('int'), one(logical('int', 'date'))),
    c(
      'date-vs-timestamp',
      'a date becomes timestamp-millis (int promoted to long)',
      one(logical('int', 'date')),
      one(logical('long', 'timestamp-millis')),
    ),
    c(
      'time-millis-vs-micros',
      'time-millis becomes time-micros (int promoted to long)',
      one(logical('int', 'time-millis')),
      one(logical('long', 'time-micros')),
    ),
    c(
      'time-millis-vs-date',
      'time-millis becomes date',
      one(logical('int', 'time-millis')),
      one(logical('int', 'date')),
    ),
    c(
      'date-on-string',
      'a string gains date (invalid on string, so ignored)',
      one('string'),
      one(logical('string', 'date')),
    ),
    c(
      'duration-removed',
      'a duration fixed loses its logical type',
      one({ ...fixedOf('Span', 12), logicalType: 'duration' }),
      one(fixedOf('Span', 12)),
    ),
    c(
      'logical-on-record',
      'a record gains a logicalType attribute',
      record('R', [field('a', 'int')]),
      record('R', [field('a', 'int')], { logicalType: 'decimal' }),
    ),
  ];
}

function histories(): HistoryCase[] {
  const base = [field('id', 'string')];
  const v = (...extra: Field[]) => record('R', [...base, ...extra]);
  const withDefault = field('note', ['null', 'string'], { default: null });
  const without = field('note', 'string');
  return [
    {
      id: 'history-add-optional-fields',
      note: 'each version adds an optional field',
      versions: [v(), v(withDefault)],
      candidate: v(withDefault, field('tag', 'string', { default: '' })),
    },
    {
      id: 'history-latest-only-has-field',
      note: 'the field without default exists only in the latest version',
      versions: [v(), v(without)],
      candidate: v(without),
    },
    {
      id: 'history-field-dropped-then-readded',
      note: 'a required field dropped in v2 and back in the candidate',
      versions: [v(without), v()],
      candidate: v(without),
    },
    {
      id: 'history-promotion-chain',
      note: 'int then long then the candidate double',
      versions: [v(field('n', 'int')), v(field('n', 'long'))],
      candidate: v(field('n', 'double')),
    },
    {
      id: 'history-promotion-back',
      note: 'int then long then back to int',
      versions: [v(field('n', 'int')), v(field('n', 'long'))],
      candidate: v(field('n', 'int')),
    },
    {
      id: 'history-enum-growth',
      note: 'an enum grows one symbol per version',
      versions: [v(field('e', enumOf('E', ['A']))), v(field('e', enumOf('E', ['A', 'B'])))],
      candidate: v(field('e', enumOf('E', ['A', 'B', 'C']))),
    },
    {
      id: 'history-enum-with-default',
      note: 'an enum with a default grows one symbol per version',
      versions: [
        v(field('e', enumOf('E', ['U', 'A'], { default: 'U' }))),
        v(field('e', enumOf('E', ['U', 'A', 'B'], { default: 'U' }))),
      ],
      candidate: v(field('e', enumOf('E', ['U', 'A', 'B', 'C'], { default: 'U' }))),
    },
    {
      id: 'history-three-versions-rename',
      note: 'a field renamed twice, the candidate aliasing only the latest name',
      versions: [v(field('a', 'int')), v(field('b', 'int', { aliases: ['a'] }))],
      candidate: v(field('c', 'int', { aliases: ['b'] })),
    },
    {
      id: 'history-three-versions-rename-all-aliases',
      note: 'a field renamed twice, the candidate aliasing both old names',
      versions: [v(field('a', 'int')), v(field('b', 'int', { aliases: ['a'] }))],
      candidate: v(field('c', 'int', { aliases: ['a', 'b'] })),
    },
    {
      id: 'history-union-narrowing',
      note: 'a union widened then narrowed',
      versions: [
        v(field('u', ['null', 'string'], { default: null })),
        v(field('u', ['null', 'string', 'int'], { default: null })),
      ],
      candidate: v(field('u', ['null', 'string'], { default: null })),
    },
    {
      id: 'history-single-version',
      note: 'a history of one version',
      versions: [v(withDefault)],
      candidate: v(),
    },
    {
      id: 'history-logical-only',
      note: 'only a logical type changes across versions',
      versions: [v(field('t', 'long')), v(field('t', logical('long', 'timestamp-millis')))],
      candidate: v(field('t', logical('long', 'timestamp-micros'))),
    },
    {
      id: 'history-four-versions-enum-default-late',
      note: 'an enum gains a default only in the third version',
      versions: [
        v(field('e', enumOf('E', ['U', 'A']))),
        v(field('e', enumOf('E', ['U', 'A']))),
        v(field('e', enumOf('E', ['U', 'A'], { default: 'U' }))),
      ],
      candidate: v(field('e', enumOf('E', ['U', 'A', 'B'], { default: 'U' }))),
    },
    {
      id: 'history-record-renamed-with-aliases',
      note: 'the value record renamed, the candidate aliasing only the first name',
      versions: [record('A', [...base]), record('B', [...base], { aliases: ['A'] })],
      candidate: record('C', [...base], { aliases: ['A'] }),
    },
  ];
}

/** Every pair of the corpus. */
export function pairCases(): PairCase[] {
  return [
    ...promotions(),
    ...unions(),
    ...enums(),
    ...fixed(),
    ...aliases(),
    ...names(),
    ...recursive(),
    ...defaults(),
    ...nested(),
    ...logicalTypes(),
  ];
}

/** Every history of the corpus. */
export function historyCases(): HistoryCase[] {
  return histories();
}
