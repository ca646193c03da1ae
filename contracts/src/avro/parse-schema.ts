/**
 * Parses Avro schema JSON with avsc (which validates names, defaults, symbols and
 * references) and converts the result into the resolved {@link AvroNode} model. Used by
 * the topics.json reader, codegen and the compatibility gate.
 */
import * as avro from 'avsc';
import { ContractError } from '../errors';
import { RecordedLogicalType, recordedLogicalTypes } from './logical-types';
import type { AvroNode, FieldNode, LogicalInfo, PrimitiveName } from './model';

/** A parsed schema: the model plus the JSON it came from (kept verbatim for registration). */
export interface ParsedSchema {
  readonly root: AvroNode;
  readonly json: unknown;
}

// avsc keeps these at run time but its type declarations omit them.
interface AvscNamed {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly doc?: string;
}
interface AvscField {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly doc?: string;
  readonly type: avro.Type & AvscCopy;
  defaultValue(): unknown;
}
// avsc's own conversion of a value back to schema JSON (what `Type#schema()` writes as a field's
// default: bytes as a string of code points, a union's value unwrapped); internal, so declared here.
interface AvscCopy {
  _copy(value: unknown, opts: { coerce: number; wrap: number }): unknown;
}

const PRIMITIVES = new Set<string>(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/** Options of {@link parseAvroSchema}. */
export interface ParseAvroSchemaOptions {
  /**
   * Refuse malformed logical types (a decimal without precision, a uuid over int) instead of
   * dropping them as the spec's readers must. The topics.json reader asks for this: a schema we
   * publish must be one the runtime's codec (which asserts logical types) can build. Earlier
   * versions read by the compatibility gate are parsed leniently, as a registry reader would.
   */
  readonly strictLogicalTypes?: boolean;
}

/** A `SCHEMA_INVALID` error naming the source; the one wording of "this schema does not parse". */
export function schemaInvalid(source: string, detail: string, cause?: unknown): ContractError {
  return new ContractError(
    `${source}: schema does not parse: ${detail}`,
    'SCHEMA_INVALID',
    { source },
    cause,
  );
}

/**
 * Parses schema text or an already-decoded JSON value.
 * @param source - a label for error messages, usually the file path.
 * @throws ContractError `SCHEMA_INVALID` when the input is not JSON or not a valid Avro schema.
 */
export function parseAvroSchema(
  input: string | object,
  source: string,
  options: ParseAvroSchemaOptions = {},
): ParsedSchema {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (err) {
      throw schemaInvalid(source, `invalid JSON: ${(err as Error).message}`, err);
    }
  }
  let type: avro.Type;
  try {
    type = avro.Type.forSchema(json as avro.Schema, {
      logicalTypes: recordedLogicalTypes,
      wrapUnions: 'auto',
      ...(options.strictLogicalTypes ? { assertLogicalTypes: true } : {}),
    });
  } catch (err) {
    throw schemaInvalid(source, `${(err as Error).message} (not a valid Avro schema)`, err);
  }
  return { root: toNode(type, new Map()), json };
}

function unqualified(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

function named(type: avro.Type): { fullName: string; name: string; aliases: string[]; doc?: string } {
  const t = type as unknown as AvscNamed;
  return {
    fullName: t.name,
    name: unqualified(t.name),
    aliases: [...(t.aliases ?? [])],
    ...(t.doc !== undefined ? { doc: t.doc } : {}),
  };
}

// `seen` maps avsc types to nodes so shared and recursive named types become one node.
function toNode(type: avro.Type, seen: Map<avro.Type, AvroNode>): AvroNode {
  const existing = seen.get(type);
  if (existing) return existing;
  if (type instanceof RecordedLogicalType) return withLogical(type.underlyingType, type.logical, type, seen);
  const typeName = type.typeName;
  if (PRIMITIVES.has(typeName)) return { kind: 'primitive', type: typeName as PrimitiveName };
  switch (typeName) {
    case 'record':
    case 'error': {
      const fields: FieldNode[] = [];
      const node = { kind: 'record' as const, ...named(type), fields };
      seen.set(type, node);
      for (const f of (type as avro.types.RecordType).fields as unknown as AvscField[]) {
        const value = f.defaultValue();
        fields.push({
          name: f.name,
          aliases: [...(f.aliases ?? [])],
          ...(f.doc !== undefined ? { doc: f.doc } : {}),
          type: toNode(f.type, seen),
          hasDefault: value !== undefined,
          ...(value !== undefined ? { defaultValue: f.type._copy(value, { coerce: 3, wrap: 3 }) } : {}),
        });
      }
      return node;
    }
    case 'enum': {
      const e = type as avro.types.EnumType & { readonly default?: string };
      const node = {
        kind: 'enum' as const,
        ...named(type),
        symbols: [...e.symbols],
        ...(e.default !== undefined ? { default: e.default } : {}),
      };
      seen.set(type, node);
      return node;
    }
    case 'fixed':
      return withLogical(type, undefined, type, seen);
    case 'array':
      return { kind: 'array', items: toNode((type as avro.types.ArrayType).itemsType, seen) };
    case 'map':
      return { kind: 'map', values: toNode((type as avro.types.MapType).valuesType as avro.Type, seen) };
    case 'union:wrapped':
    case 'union:unwrapped': {
      const types = (type as avro.types.UnwrappedUnionType).types;
      return { kind: 'union', branches: types.map((t) => toNode(t, seen)) };
    }
    default:
      throw schemaInvalid('schema', `unsupported avsc type ${typeName}`);
  }
}

function withLogical(
  underlying: avro.Type,
  logical: LogicalInfo | undefined,
  key: avro.Type,
  seen: Map<avro.Type, AvroNode>,
): AvroNode {
  const extra = logical ? { logical } : {};
  let node: AvroNode;
  if (underlying.typeName === 'fixed') {
    node = { kind: 'fixed', ...named(underlying), size: (underlying as avro.types.FixedType).size, ...extra };
  } else {
    node = { kind: 'primitive', type: underlying.typeName as PrimitiveName, ...extra };
  }
  seen.set(key, node);
  return node;
}
