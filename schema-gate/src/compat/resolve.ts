/**
 * Avro schema resolution (specification 1.11, "Schema Resolution"): can data written with
 * the writer's schema be read with the reader's schema? Every place it cannot becomes a
 * {@link CompatibilityBreak}. Implemented on the parsed model rather than on avsc's resolver
 * so that every break is reported with a path and a stable rule code, not just the first.
 */
import {
  type AvroNode,
  type EnumNode,
  type FixedNode,
  type NamedNode,
  type PrimitiveNode,
  type RecordNode,
  describeLogical,
  describeNode,
  isNamed,
} from '@contract-events/contracts';

/** Which way the check runs: BACKWARD = new reader, old writer; FORWARD = old reader, new writer. */
export type Direction = 'BACKWARD' | 'FORWARD';

/** Stable codes for the kinds of break. */
export type BreakRule =
  | 'READER_FIELD_MISSING_DEFAULT'
  | 'TYPE_MISMATCH'
  | 'ENUM_SYMBOL_MISSING'
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'DECIMAL_MISMATCH'
  | 'LOGICAL_TYPE_MISMATCH'
  | 'UNION_BRANCH_MISSING';

/** One reason the reader cannot read the writer's data. */
export interface CompatibilityBreak {
  /** Where, e.g. `user_created.email` or `order_created.items[].sku`. */
  readonly path: string;
  readonly rule: BreakRule;
  /** Explanation that names the direction, e.g. "new reader cannot read old data: ...". */
  readonly message: string;
  readonly direction: Direction;
  /** Label of the earlier version this break is against (transitive checks). */
  readonly against?: string;
}

/** Writer type → reader types it may be promoted to. */
const PROMOTIONS: Readonly<Record<string, readonly string[]>> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

interface Context {
  readonly direction: Direction;
  readonly reader: string;
  readonly writer: string;
  readonly prefix: string;
  // Reader/writer pairs being resolved right now; a pair seen again is a recursive reference.
  readonly stack: Map<AvroNode, Set<AvroNode>>;
}

/**
 * Resolves `writer` data against `reader` and lists every break.
 * @param rootPath - first segment of every path, usually the topic name.
 */
export function resolveSchemas(
  reader: AvroNode,
  writer: AvroNode,
  direction: Direction,
  rootPath: string,
): CompatibilityBreak[] {
  const backward = direction === 'BACKWARD';
  const ctx: Context = {
    direction,
    reader: backward ? 'new' : 'old',
    writer: backward ? 'old' : 'new',
    prefix: backward ? 'new reader cannot read old data: ' : 'old reader cannot read new data: ',
    stack: new Map(),
  };
  return dedupe(resolve(reader, writer, rootPath, ctx));
}

function dedupe(breaks: CompatibilityBreak[]): CompatibilityBreak[] {
  const seen = new Set<string>();
  return breaks.filter((b) => {
    const key = `${b.path}\0${b.rule}\0${b.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function fail(ctx: Context, path: string, rule: BreakRule, detail: string): CompatibilityBreak[] {
  return [{ path, rule, message: ctx.prefix + detail, direction: ctx.direction }];
}

function resolve(reader: AvroNode, writer: AvroNode, path: string, ctx: Context): CompatibilityBreak[] {
  // Writer union: any branch may have been written, so every branch must be readable.
  if (writer.kind === 'union') return writer.branches.flatMap((branch) => resolve(reader, branch, path, ctx));
  if (reader.kind === 'union') return resolveIntoUnion(reader.branches, writer, path, ctx);

  const active = ctx.stack.get(reader);
  if (active?.has(writer)) return [];
  const set = active ?? new Set<AvroNode>();
  ctx.stack.set(reader, set.add(writer));
  try {
    return resolveNonUnion(reader, writer, path, ctx);
  } finally {
    set.delete(writer);
  }
}

function resolveNonUnion(
  reader: AvroNode,
  writer: AvroNode,
  path: string,
  ctx: Context,
): CompatibilityBreak[] {
  if (reader.kind === 'primitive' && writer.kind === 'primitive')
    return resolvePrimitive(reader, writer, path, ctx);
  if (reader.kind === 'array' && writer.kind === 'array')
    return resolve(reader.items, writer.items, `${path}[]`, ctx);
  if (reader.kind === 'map' && writer.kind === 'map')
    return resolve(reader.values, writer.values, `${path}{}`, ctx);
  if (isNamed(reader) && isNamed(writer) && reader.kind === writer.kind) {
    if (!namesMatch(reader, writer)) {
      return fail(
        ctx,
        path,
        'NAME_MISMATCH',
        `${ctx.reader} ${reader.kind} ${reader.fullName} does not match ${ctx.writer} ${writer.kind} ` +
          `${writer.fullName}: names differ and the ${ctx.reader} ${reader.kind} has no alias for it`,
      );
    }
    if (reader.kind === 'record') return resolveRecord(reader, writer as RecordNode, path, ctx);
    if (reader.kind === 'enum') return resolveEnum(reader, writer as EnumNode, path, ctx);
    return resolveFixed(reader, writer as FixedNode, path, ctx);
  }
  return fail(
    ctx,
    path,
    'TYPE_MISMATCH',
    `${ctx.reader} type ${describeNode(reader)} cannot read ${ctx.writer} type ${describeNode(writer)}`,
  );
}

/** Spec: names match when the unqualified names are equal or a reader alias is the writer's full name. */
function namesMatch(reader: NamedNode, writer: NamedNode): boolean {
  return reader.name === writer.name || reader.aliases.includes(writer.fullName);
}

function resolvePrimitive(
  reader: PrimitiveNode,
  writer: PrimitiveNode,
  path: string,
  ctx: Context,
): CompatibilityBreak[] {
  if (reader.type === writer.type) {
    return [
      ...resolveDecimal(reader.logical, writer.logical, path, ctx),
      ...resolveTimeUnit(reader.logical, writer.logical, path, ctx),
    ];
  }
  if (PROMOTIONS[writer.type]?.includes(reader.type)) return [];
  return fail(
    ctx,
    path,
    'TYPE_MISMATCH',
    `${ctx.reader} type ${reader.type} cannot read ${ctx.writer} type ${writer.type}` +
      ` (Avro only promotes int→long/float/double, long→float/double, float→double, string↔bytes)`,
  );
}

// The bytes of a decimal only mean something together with its scale, so any change is a break.
function resolveDecimal(
  reader: PrimitiveNode['logical'],
  writer: PrimitiveNode['logical'],
  path: string,
  ctx: Context,
): CompatibilityBreak[] {
  const r = reader?.name === 'decimal' ? reader : undefined;
  const w = writer?.name === 'decimal' ? writer : undefined;
  if (!r && !w) return [];
  if (r && w && r.precision === w.precision && r.scale === w.scale) return [];
  const show = (l: typeof r) => (l ? describeLogical(l) : 'no decimal annotation');
  return fail(
    ctx,
    path,
    'DECIMAL_MISMATCH',
    `${ctx.writer} schema has ${show(w)} but ${ctx.reader} schema has ${show(r)}; ` +
      `the same bytes would be read as a different number`,
  );
}

const TIME_TYPES = new Set([
  'timestamp-millis',
  'timestamp-micros',
  'local-timestamp-millis',
  'local-timestamp-micros',
  'time-millis',
  'time-micros',
]);

// The same long means a different instant in another unit (millis vs micros, a time of day).
// A plain long on one side is left alone: it has always carried epoch milliseconds here.
function resolveTimeUnit(
  reader: PrimitiveNode['logical'],
  writer: PrimitiveNode['logical'],
  path: string,
  ctx: Context,
): CompatibilityBreak[] {
  const r = reader && TIME_TYPES.has(reader.name) ? reader.name : undefined;
  const w = writer && TIME_TYPES.has(writer.name) ? writer.name : undefined;
  if (!r || !w || r === w) return [];
  return fail(
    ctx,
    path,
    'LOGICAL_TYPE_MISMATCH',
    `${ctx.writer} schema has ${w} but ${ctx.reader} schema has ${r}; the same number would be read in another unit`,
  );
}

function resolveRecord(
  reader: RecordNode,
  writer: RecordNode,
  path: string,
  ctx: Context,
): CompatibilityBreak[] {
  const breaks: CompatibilityBreak[] = [];
  for (const field of reader.fields) {
    const fieldPath = `${path}.${field.name}`;
    const source =
      writer.fields.find((w) => w.name === field.name) ??
      writer.fields.find((w) => field.aliases.includes(w.name));
    if (source) {
      breaks.push(...resolve(field.type, source.type, fieldPath, ctx));
    } else if (!field.hasDefault) {
      breaks.push(
        ...fail(
          ctx,
          fieldPath,
          'READER_FIELD_MISSING_DEFAULT',
          `field ${field.name} has no default and the ${ctx.writer} schema does not have it` +
            (field.aliases.length ? ` (nor its aliases ${field.aliases.join(', ')})` : ''),
        ),
      );
    }
  }
  return breaks;
}

function resolveEnum(reader: EnumNode, writer: EnumNode, path: string, ctx: Context): CompatibilityBreak[] {
  if (reader.default !== undefined) return [];
  return writer.symbols
    .filter((symbol) => !reader.symbols.includes(symbol))
    .flatMap((symbol) =>
      fail(
        ctx,
        path,
        'ENUM_SYMBOL_MISSING',
        `symbol ${symbol} of the ${ctx.writer} enum ${writer.name} is not in the ${ctx.reader} enum, ` +
          `which has no default`,
      ),
    );
}

function resolveFixed(
  reader: FixedNode,
  writer: FixedNode,
  path: string,
  ctx: Context,
): CompatibilityBreak[] {
  if (reader.size !== writer.size) {
    return fail(
      ctx,
      path,
      'FIXED_SIZE_MISMATCH',
      `fixed ${writer.name} has size ${writer.size} in the ${ctx.writer} schema but ${reader.size} in the ${ctx.reader}`,
    );
  }
  return resolveDecimal(reader.logical, writer.logical, path, ctx);
}

/** Whether the spec's "matches" holds at the top level (kind, name, promotion), ignoring contents. */
function shallowMatch(reader: AvroNode, writer: AvroNode): boolean {
  if (reader.kind === 'primitive' && writer.kind === 'primitive') {
    return reader.type === writer.type || (PROMOTIONS[writer.type]?.includes(reader.type) ?? false);
  }
  if (isNamed(reader) && isNamed(writer)) return reader.kind === writer.kind && namesMatch(reader, writer);
  return reader.kind === writer.kind;
}

function resolveIntoUnion(
  branches: readonly AvroNode[],
  writer: AvroNode,
  path: string,
  ctx: Context,
): CompatibilityBreak[] {
  let firstMatchBreaks: CompatibilityBreak[] | undefined;
  for (const branch of branches) {
    const breaks = resolve(branch, writer, path, ctx);
    if (breaks.length === 0) return [];
    // Report against the branch the spec would pick, so the message names the real problem.
    if (!firstMatchBreaks && shallowMatch(branch, writer)) firstMatchBreaks = breaks;
  }
  return (
    firstMatchBreaks ??
    fail(
      ctx,
      path,
      'UNION_BRANCH_MISSING',
      `${ctx.reader} union [${branches.map(describeNode).join(', ')}] has no branch that reads ` +
        `${ctx.writer} type ${describeNode(writer)}`,
    )
  );
}
