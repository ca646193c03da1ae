/**
 * Avro schema resolution (specification 1.12, "Schema Resolution"): can data written with the
 * writer's schema be read with the reader's schema? Every place it cannot becomes a
 * {@link CompatibilityBreak}, decided exactly as Apache Avro's `SchemaCompatibility` decides (and so
 * a Confluent-API registry): logical types play no part in that verdict. Changes of a value's
 * meaning that resolution accepts (a decimal's scale, a timestamp's unit, a logical type added or
 * removed) are reported separately, as {@link SemanticFinding}s. Implemented on the parsed model
 * rather than on avsc's resolver so that every break is reported with a path and a stable rule.
 */
import {
  type AvroNode,
  type EnumNode,
  type FixedNode,
  type LogicalInfo,
  type NamedNode,
  type PrimitiveNode,
  type RecordNode,
  describeLogical,
  describeNode,
  isNamed,
} from '@contract-events/contracts';
import { GateError } from '../errors/gate-error';

/** Which way the check runs: BACKWARD = new reader, old writer; FORWARD = old reader, new writer. */
export type Direction = 'BACKWARD' | 'FORWARD';

/** Stable codes for the kinds of break: Avro's `SchemaIncompatibilityType`s, in the gate's words. */
export type BreakRule =
  | 'READER_FIELD_MISSING_DEFAULT'
  | 'TYPE_MISMATCH'
  | 'ENUM_SYMBOL_MISSING'
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'UNION_BRANCH_MISSING';

/**
 * Stable codes for changes resolution accepts but that change what a value means:
 * a decimal's precision or scale; a time's unit (millis ↔ micros); a logical type added to or
 * removed from a type (`uuid` → plain `string`, `int` → `date`); one logical type replaced by
 * another over the same or a promoted type (`date` → `timestamp-millis`, UTC → local timestamp).
 */
export type SemanticRule =
  | 'DECIMAL_CHANGED'
  | 'TIME_UNIT_CHANGED'
  | 'LOGICAL_TYPE_ADDED'
  | 'LOGICAL_TYPE_REMOVED'
  | 'LOGICAL_TYPE_CHANGED';

/** The words every semantic finding carries: the registry (and Avro) will not stop this change. */
export const REGISTRY_ACCEPTS = 'the registry accepts this';

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

/** A change resolution accepts that changes a value's meaning; worded old → new, whatever the direction. */
export interface SemanticFinding {
  readonly path: string;
  readonly rule: SemanticRule;
  /** E.g. "old schema has decimal(12,2), new schema has decimal(12,3): the registry accepts this, but ...". */
  readonly message: string;
  /** The direction whose resolution found it (the same change is found in both under FULL). */
  readonly direction: Direction;
  readonly against?: string;
}

/** What resolving one reader against one writer found. */
export interface Resolution {
  readonly breaks: CompatibilityBreak[];
  readonly semantic: SemanticFinding[];
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
  // Reader/writer pairs being resolved right now; a pair seen again is a recursive reference,
  // taken as compatible (as Avro's SchemaCompatibility does) since the pair's own check decides.
  readonly stack: Map<AvroNode, Set<AvroNode>>;
}

/**
 * Resolves `writer` data against `reader` and lists every break (Avro's verdict: compatible when
 * there is none).
 * @param rootPath - first segment of every path, usually the topic name.
 * @throws GateError `FIELD_MATCH_AMBIGUOUS` when a reader field's name and aliases match several
 *   writer fields, where Avro gives no verdict either.
 */
export function resolveSchemas(
  reader: AvroNode,
  writer: AvroNode,
  direction: Direction,
  rootPath: string,
): CompatibilityBreak[] {
  return resolveWithSemantics(reader, writer, direction, rootPath).breaks;
}

/**
 * Like {@link resolveSchemas}, and also lists the semantic findings along the way.
 * @throws GateError `FIELD_MATCH_AMBIGUOUS`, see {@link resolveSchemas}.
 */
export function resolveWithSemantics(
  reader: AvroNode,
  writer: AvroNode,
  direction: Direction,
  rootPath: string,
): Resolution {
  const backward = direction === 'BACKWARD';
  const ctx: Context = {
    direction,
    reader: backward ? 'new' : 'old',
    writer: backward ? 'old' : 'new',
    prefix: backward ? 'new reader cannot read old data: ' : 'old reader cannot read new data: ',
    stack: new Map(),
  };
  const out = empty();
  resolve(reader, writer, rootPath, ctx, out);
  return { breaks: dedupe(out.breaks), semantic: dedupe(out.semantic) };
}

function empty(): Resolution {
  return { breaks: [], semantic: [] };
}

function merge(into: Resolution, from: Resolution): void {
  into.breaks.push(...from.breaks);
  into.semantic.push(...from.semantic);
}

/** Drops repeats (a recursive type or a shared named type can report the same place twice). */
export function dedupe<T extends { path: string; rule: string; message: string; against?: string }>(
  items: readonly T[],
): T[] {
  const seen = new Set<string>();
  return items.filter((b) => {
    const key = `${b.path}\0${b.rule}\0${b.message}\0${b.against ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function fail(ctx: Context, out: Resolution, path: string, rule: BreakRule, detail: string): void {
  out.breaks.push({ path, rule, message: ctx.prefix + detail, direction: ctx.direction });
}

function resolve(reader: AvroNode, writer: AvroNode, path: string, ctx: Context, out: Resolution): void {
  // Writer union: any branch may have been written, so every branch must be readable.
  if (writer.kind === 'union') {
    for (const branch of writer.branches) resolve(reader, branch, path, ctx, out);
    return;
  }
  if (reader.kind === 'union') {
    resolveIntoUnion(reader.branches, writer, path, ctx, out);
    return;
  }
  const active = ctx.stack.get(reader);
  if (active?.has(writer)) return;
  const set = active ?? new Set<AvroNode>();
  ctx.stack.set(reader, set.add(writer));
  try {
    resolveNonUnion(reader, writer, path, ctx, out);
  } finally {
    set.delete(writer);
  }
}

function resolveNonUnion(
  reader: AvroNode,
  writer: AvroNode,
  path: string,
  ctx: Context,
  out: Resolution,
): void {
  if (reader.kind === 'primitive' && writer.kind === 'primitive') {
    resolvePrimitive(reader, writer, path, ctx, out);
  } else if (reader.kind === 'array' && writer.kind === 'array') {
    resolve(reader.items, writer.items, `${path}[]`, ctx, out);
  } else if (reader.kind === 'map' && writer.kind === 'map') {
    resolve(reader.values, writer.values, `${path}{}`, ctx, out);
  } else if (isNamed(reader) && isNamed(writer) && reader.kind === writer.kind) {
    // As Avro: a name mismatch is one break, and the contents are still compared.
    if (!namesMatch(reader, writer)) {
      fail(
        ctx,
        out,
        path,
        'NAME_MISMATCH',
        `${ctx.reader} ${reader.kind} ${reader.fullName} does not match ${ctx.writer} ${writer.kind} ` +
          `${writer.fullName}: names differ and the ${ctx.reader} ${reader.kind} has no alias for it`,
      );
    }
    if (reader.kind === 'record') resolveRecord(reader, writer as RecordNode, path, ctx, out);
    else if (reader.kind === 'enum') resolveEnum(reader, writer as EnumNode, path, ctx, out);
    else resolveFixed(reader, writer as FixedNode, path, ctx, out);
  } else {
    fail(
      ctx,
      out,
      path,
      'TYPE_MISMATCH',
      `${ctx.reader} type ${describeNode(reader)} cannot read ${ctx.writer} type ${describeNode(writer)}`,
    );
  }
}

/** Avro: names match when the unqualified names are equal or a reader alias is the writer's full name. */
function namesMatch(reader: NamedNode, writer: NamedNode): boolean {
  return reader.name === writer.name || reader.aliases.includes(writer.fullName);
}

function resolvePrimitive(
  reader: PrimitiveNode,
  writer: PrimitiveNode,
  path: string,
  ctx: Context,
  out: Resolution,
): void {
  if (reader.type === writer.type || PROMOTIONS[writer.type]?.includes(reader.type)) {
    compareLogical(reader, writer, path, ctx, out);
    return;
  }
  fail(
    ctx,
    out,
    path,
    'TYPE_MISMATCH',
    `${ctx.reader} type ${reader.type} cannot read ${ctx.writer} type ${writer.type}` +
      ` (Avro only promotes int→long/float/double, long→float/double, float→double, string↔bytes)`,
  );
}

const TIME_UNITS: Readonly<Record<string, string>> = {
  'time-millis': 'time',
  'time-micros': 'time',
  'timestamp-millis': 'timestamp',
  'timestamp-micros': 'timestamp',
  'local-timestamp-millis': 'local-timestamp',
  'local-timestamp-micros': 'local-timestamp',
};

/**
 * The semantic comparison of two types resolution accepted: logical types, seen from the old
 * schema to the new one whichever side reads.
 */
function compareLogical(
  reader: { readonly logical?: LogicalInfo; readonly kind: string },
  writer: { readonly logical?: LogicalInfo; readonly kind: string },
  path: string,
  ctx: Context,
  out: Resolution,
): void {
  const backward = ctx.direction === 'BACKWARD';
  const [oldNode, newNode] = backward ? [writer, reader] : [reader, writer];
  const before = oldNode.logical;
  const after = newNode.logical;
  if (!before && !after) return;
  const show = (node: typeof oldNode, logical: LogicalInfo | undefined) =>
    logical ? describeLogical(logical) : `no logical type (a plain ${describeNode(node as AvroNode)})`;
  const found = (rule: SemanticRule, consequence: string) =>
    out.semantic.push({
      path,
      rule,
      message:
        `old schema has ${show(oldNode, before)}, new schema has ${show(newNode, after)}: ` +
        `${REGISTRY_ACCEPTS}, but ${consequence}`,
      direction: ctx.direction,
    });
  if (before && after) {
    if (before.name === 'decimal' && after.name === 'decimal') {
      if (before.precision !== after.precision || before.scale !== after.scale) {
        found(
          'DECIMAL_CHANGED',
          before.scale !== after.scale
            ? 'the same bytes are read as a different number'
            : 'values of the new precision may not fit readers of the old one',
        );
      }
    } else if (before.name !== after.name) {
      const sameFamily =
        TIME_UNITS[before.name] !== undefined && TIME_UNITS[before.name] === TIME_UNITS[after.name];
      if (sameFamily) found('TIME_UNIT_CHANGED', 'the same number is read in another unit (1000 times off)');
      else found('LOGICAL_TYPE_CHANGED', 'the same value is read with another meaning');
    }
  } else if (after) {
    found('LOGICAL_TYPE_ADDED', `values written without it are now read as ${describeLogical(after)}`);
  } else if (before) {
    found('LOGICAL_TYPE_REMOVED', `readers lose the meaning of ${describeLogical(before)}`);
  }
}

function resolveRecord(
  reader: RecordNode,
  writer: RecordNode,
  path: string,
  ctx: Context,
  out: Resolution,
): void {
  for (const field of reader.fields) {
    const fieldPath = `${path}.${field.name}`;
    // Avro looks the field up by its name and by each of its aliases; more than one hit is an error.
    const sources = writer.fields.filter((w) => w.name === field.name || field.aliases.includes(w.name));
    if (sources.length > 1) {
      throw new GateError(
        `${fieldPath}: the ${ctx.reader} field ${field.name} matches ${sources.length} fields of the ` +
          `${ctx.writer} record ${writer.fullName} (${sources.map((s) => s.name).join(', ')}) by its name ` +
          `and aliases; Avro refuses to resolve it`,
        'FIELD_MATCH_AMBIGUOUS',
        { path: fieldPath },
      );
    }
    const source = sources[0];
    if (source) {
      resolve(field.type, source.type, fieldPath, ctx, out);
    } else if (!field.hasDefault) {
      fail(
        ctx,
        out,
        fieldPath,
        'READER_FIELD_MISSING_DEFAULT',
        `field ${field.name} has no default and the ${ctx.writer} schema does not have it` +
          (field.aliases.length ? ` (nor its aliases ${field.aliases.join(', ')})` : ''),
      );
    }
  }
}

function resolveEnum(reader: EnumNode, writer: EnumNode, path: string, ctx: Context, out: Resolution): void {
  if (reader.default !== undefined) return;
  for (const symbol of writer.symbols.filter((s) => !reader.symbols.includes(s))) {
    fail(
      ctx,
      out,
      path,
      'ENUM_SYMBOL_MISSING',
      `symbol ${symbol} of the ${ctx.writer} enum ${writer.name} is not in the ${ctx.reader} enum, ` +
        `which has no default`,
    );
  }
}

function resolveFixed(
  reader: FixedNode,
  writer: FixedNode,
  path: string,
  ctx: Context,
  out: Resolution,
): void {
  if (reader.size !== writer.size) {
    fail(
      ctx,
      out,
      path,
      'FIXED_SIZE_MISMATCH',
      `fixed ${writer.name} has size ${writer.size} in the ${ctx.writer} schema but ${reader.size} in the ${ctx.reader}`,
    );
    return;
  }
  compareLogical(reader, writer, path, ctx, out);
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
  out: Resolution,
): void {
  // As Avro: the writer's type is readable when any branch reads it.
  let firstMatch: Resolution | undefined;
  for (const branch of branches) {
    const trial = empty();
    resolve(branch, writer, path, ctx, trial);
    if (trial.breaks.length === 0) {
      merge(out, trial);
      return;
    }
    // Report against the branch the spec would pick, so the message names the real problem.
    if (!firstMatch && shallowMatch(branch, writer)) firstMatch = trial;
  }
  if (firstMatch) {
    out.breaks.push(...firstMatch.breaks);
    return;
  }
  fail(
    ctx,
    out,
    path,
    'UNION_BRANCH_MISSING',
    `${ctx.reader} union [${branches.map(describeNode).join(', ')}] has no branch that reads ` +
      `${ctx.writer} type ${describeNode(writer)}`,
  );
}
