/**
 * A resolved, immutable view of an Avro schema: named references are already replaced by
 * the node they name (so recursive schemas form cycles), names are fully qualified, and
 * the logical types this package understands are attached to their underlying node.
 */

/** Avro primitive type names. */
export type PrimitiveName = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

/** Logical types of the Avro specification other than `decimal`, each with the one type it annotates. */
export type SimpleLogicalName =
  | 'uuid'
  | 'date'
  | 'time-millis'
  | 'time-micros'
  | 'timestamp-millis'
  | 'timestamp-micros'
  | 'local-timestamp-millis'
  | 'local-timestamp-micros'
  | 'duration';

/**
 * A recognised logical type annotation; unknown or invalid ones are dropped, as the spec requires.
 * Only `decimal`, `uuid` and the `timestamp-*` ones are generated into code and encoded by the
 * runtime; the others are recorded so that the compatibility gate can see a value's meaning change.
 */
export type LogicalInfo =
  | { readonly name: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly name: SimpleLogicalName };

/** A primitive type, possibly carrying a logical type. */
export interface PrimitiveNode {
  readonly kind: 'primitive';
  readonly type: PrimitiveName;
  readonly logical?: LogicalInfo;
}

/** A record field. `hasDefault` is separate from `defaultValue` because `null` is a real default. */
export interface FieldNode {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly doc?: string;
  readonly type: AvroNode;
  readonly hasDefault: boolean;
  /** The default as schema JSON writes it (a union's default unwrapped, bytes as a string). */
  readonly defaultValue?: unknown;
}

/** Properties shared by records, enums and fixed. */
export interface NamedNodeBase {
  /** Fully qualified name, e.g. `com.contractevents.events.UserCreated`. */
  readonly fullName: string;
  /** Name without namespace, e.g. `UserCreated`. */
  readonly name: string;
  /** Fully qualified aliases. */
  readonly aliases: readonly string[];
  readonly doc?: string;
}

/** A record. `fields` is filled after construction so that recursive records can point at themselves. */
export interface RecordNode extends NamedNodeBase {
  readonly kind: 'record';
  readonly fields: readonly FieldNode[];
}

/** An enum, with its optional fallback symbol for unknown writer symbols. */
export interface EnumNode extends NamedNodeBase {
  readonly kind: 'enum';
  readonly symbols: readonly string[];
  readonly default?: string;
}

/** A fixed-size byte sequence. */
export interface FixedNode extends NamedNodeBase {
  readonly kind: 'fixed';
  readonly size: number;
  readonly logical?: LogicalInfo;
}

/** An array of items. */
export interface ArrayNode {
  readonly kind: 'array';
  readonly items: AvroNode;
}

/** A map from string keys to values. */
export interface MapNode {
  readonly kind: 'map';
  readonly values: AvroNode;
}

/** A union of branches, in declaration order. */
export interface UnionNode {
  readonly kind: 'union';
  readonly branches: readonly AvroNode[];
}

/** Named Avro types. */
export type NamedNode = RecordNode | EnumNode | FixedNode;

/** Any Avro type. */
export type AvroNode = PrimitiveNode | NamedNode | ArrayNode | MapNode | UnionNode;

/** Whether a node is a named type (record, enum or fixed). */
export function isNamed(node: AvroNode): node is NamedNode {
  return node.kind === 'record' || node.kind === 'enum' || node.kind === 'fixed';
}

/** A short human description of a type, for messages: `int`, `record UserCreated`, `array<string>`. */
export function describeNode(node: AvroNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.logical ? `${node.type} (${describeLogical(node.logical)})` : node.type;
    case 'record':
    case 'enum':
      return `${node.kind} ${node.fullName}`;
    case 'fixed':
      return `fixed ${node.fullName}(${node.size})`;
    case 'array':
      return `array<${describeNode(node.items)}>`;
    case 'map':
      return `map<${describeNode(node.values)}>`;
    case 'union':
      return `union [${node.branches.map(describeNode).join(', ')}]`;
  }
}

/** Human form of a logical type, e.g. `decimal(12,2)`. */
export function describeLogical(logical: LogicalInfo): string {
  return logical.name === 'decimal' ? `decimal(${logical.precision},${logical.scale})` : logical.name;
}
