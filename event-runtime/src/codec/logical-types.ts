/**
 * The Avro logical types our schemas use, for avsc: `decimal` ↔ exact decimal string, `timestamp-millis`
 * ↔ Date, `uuid` ↔ validated lower-case string, and every `long` (so `timestamp-micros` too) ↔ bigint.
 * Build every type with {@link avroTypeOptions}, local and registry schemas alike, so writer and reader
 * types agree on the JavaScript values.
 */
import { type ForSchemaOptions, type Schema, Type, types } from 'avsc';
import {
  type DecimalSpec,
  formatDecimal,
  fromTwosComplement,
  maxPrecisionForFixed,
  parseDecimal,
  toTwosComplement,
  toTwosComplementFixed,
} from './decimal';
import { describe } from './describe-value';
import { exactLongType, isLongType } from './long-type';

/**
 * A logical type that can say why a value is not one of its values. avsc's `isValid` only reports that
 * a logical value failed; the validator asks the type for the reason.
 */
export abstract class ExplainedLogicalType extends types.LogicalType {
  /** Why `value` cannot be written as this type, or undefined when it can. */
  abstract problemWith(value: unknown): string | undefined;
}

/** `decimal` over `bytes` or `fixed`: exact strings with exactly `scale` places. */
export class DecimalType extends ExplainedLogicalType {
  readonly spec: DecimalSpec;
  private readonly fixedSize: number | undefined;

  constructor(schema: Schema, opts?: unknown) {
    super(schema, opts);
    const raw = schema as { precision?: unknown; scale?: unknown };
    const precision = raw.precision;
    const scale = raw.scale ?? 0;
    if (!Number.isInteger(precision) || (precision as number) < 1) {
      throw new Error(`decimal precision must be a positive integer, got ${describe(precision)}`);
    }
    if (!Number.isInteger(scale) || (scale as number) < 0 || (scale as number) > (precision as number)) {
      throw new Error(`decimal scale must be an integer from 0 to the precision, got ${describe(scale)}`);
    }
    this.spec = { precision: precision as number, scale: scale as number };
    const underlying = this.underlyingType;
    if (Type.isType(underlying, 'fixed')) {
      this.fixedSize = (underlying as types.FixedType).size;
      if (this.spec.precision > maxPrecisionForFixed(this.fixedSize)) {
        throw new Error(`decimal precision ${this.spec.precision} does not fit in fixed(${this.fixedSize})`);
      }
    } else if (!Type.isType(underlying, 'bytes')) {
      throw new Error('decimal must be over bytes or fixed');
    }
  }

  override problemWith(value: unknown): string | undefined {
    try {
      parseDecimal(value, this.spec);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  protected override _fromValue(bytes: Buffer): string {
    return formatDecimal(fromTwosComplement(bytes), this.spec);
  }

  protected override _toValue(value: unknown): Buffer {
    const unscaled = parseDecimal(value, this.spec);
    return this.fixedSize === undefined
      ? toTwosComplement(unscaled)
      : toTwosComplementFixed(unscaled, this.fixedSize);
  }

  protected override _resolve(writer: Type): ((value: string) => string) | undefined {
    // Fewer writer places pad exactly; more could only be rounded, which would change amounts.
    const integerDigits = (spec: DecimalSpec) => spec.precision - spec.scale;
    if (
      writer instanceof DecimalType &&
      writer.spec.scale <= this.spec.scale &&
      integerDigits(writer.spec) <= integerDigits(this.spec)
    ) {
      return (value) => formatDecimal(parseDecimal(value, this.spec), this.spec);
    }
    return undefined;
  }

  protected override _export(schema: Schema): void {
    const attrs = schema as { precision?: number; scale?: number };
    attrs.precision = this.spec.precision;
    attrs.scale = this.spec.scale;
  }
}

/**
 * `timestamp-millis` over `long`: valid `Date` objects. Every Date (±8.64e15 ms) is a safe integer, so
 * the bigint of the long converts exactly; a long beyond the Date range is a decode error, not a
 * rounded date.
 */
export class TimestampMillisType extends ExplainedLogicalType {
  /** Our bigint long (always, through {@link avroTypeOptions}) or avsc's number long (`logicalTypes` alone). */
  private readonly bigintLong: boolean;

  constructor(schema: Schema, opts?: unknown) {
    super(schema, opts);
    if (!isLongType(this.underlyingType)) throw new Error('timestamp-millis must be over long');
    this.bigintLong = Type.isType(this.underlyingType, 'abstract:long');
  }

  override problemWith(value: unknown): string | undefined {
    if (!(value instanceof Date)) return `expected a Date, got ${describe(value)}`;
    if (Number.isNaN(value.getTime())) return 'expected a valid Date, got an invalid Date';
    return undefined;
  }

  protected override _fromValue(millis: bigint | number): Date {
    const date = new Date(Number(millis));
    if (Number.isNaN(date.getTime())) throw new RangeError(`timestamp ${millis} is outside the Date range`);
    return date;
  }

  protected override _toValue(value: unknown): bigint | number {
    const problem = this.problemWith(value);
    if (problem !== undefined) throw new TypeError(problem);
    const millis = (value as Date).getTime();
    return this.bigintLong ? BigInt(millis) : millis;
  }

  protected override _resolve(writer: Type): ((value: unknown) => Date) | undefined {
    if (writer instanceof TimestampMillisType) return (value) => value as Date;
    // A plain long written for this field already means epoch milliseconds to every consumer; a long
    // with another time unit (micros, a time of day) is a different quantity and must not resolve.
    if (isLongType(writer) && !(writer instanceof types.LogicalType)) {
      return (value) => this._fromValue(value as bigint | number);
    }
    return undefined;
  }
}

/** RFC 4122/9562 layout: version 1–8 and the 10xx variant, or the nil UUID. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** `uuid` over `string`: RFC 4122 strings, written lower-case so ids compare equal as strings. */
export class UuidType extends ExplainedLogicalType {
  constructor(schema: Schema, opts?: unknown) {
    super(schema, opts);
    if (!Type.isType(this.underlyingType, 'string')) throw new Error('uuid must be over string');
  }

  override problemWith(value: unknown): string | undefined {
    if (typeof value !== 'string') return `expected a UUID string, got ${describe(value)}`;
    if (!UUID_PATTERN.test(value) && value !== NIL_UUID) {
      return `expected a UUID like "123e4567-e89b-42d3-a456-426614174000", got ${describe(value)}`;
    }
    return undefined;
  }

  protected override _fromValue(text: string): string {
    const problem = this.problemWith(text);
    if (problem !== undefined) throw new TypeError(problem);
    return text.toLowerCase();
  }

  protected override _toValue(value: unknown): string {
    const problem = this.problemWith(value);
    if (problem !== undefined) throw new TypeError(problem);
    return (value as string).toLowerCase();
  }

  protected override _resolve(writer: Type): ((value: string) => string) | undefined {
    if (writer instanceof UuidType) return (value) => value;
    if (Type.isType(writer, 'string')) return (value) => this._fromValue(value);
    return undefined;
  }
}

/**
 * The other time types of the specification, kept as their raw values: a bigint over `long`
 * (`timestamp-micros`, `local-timestamp-*`, `time-micros`; microseconds since 1970 reach 2^53 in the
 * year 2255 and a Date has no microseconds) and a number over `int` (`time-millis`). Declaring them (rather than
 * letting avsc fall back to a plain long or int) keeps their unit visible to resolution, so a
 * `timestamp-micros` writer is never read as milliseconds.
 */
export class RawTimeType extends ExplainedLogicalType {
  override problemWith(value: unknown): string | undefined {
    return this.underlyingType.isValid(value)
      ? undefined
      : `expected a ${this.underlyingType.typeName}, got ${describe(value)}`;
  }

  protected override _fromValue(value: unknown): unknown {
    return value;
  }

  protected override _toValue(value: unknown): unknown {
    return value;
  }

  protected override _resolve(writer: Type): ((value: unknown) => unknown) | undefined {
    // Same logical type (the unit) over the same underlying type; `schema()` alone is the canonical
    // form, which drops the logical type.
    const schema = (t: Type) => JSON.stringify(t.schema());
    if (
      writer instanceof RawTimeType &&
      writer.typeName === this.typeName &&
      schema(writer) === schema(this)
    ) {
      return (value) => value;
    }
    return undefined;
  }
}

/** The `logicalTypes` option for avsc's `Type.forSchema`. */
export const logicalTypes: ForSchemaOptions['logicalTypes'] = {
  decimal: DecimalType,
  'timestamp-millis': TimestampMillisType,
  uuid: UuidType,
  'timestamp-micros': RawTimeType,
  'local-timestamp-millis': RawTimeType,
  'local-timestamp-micros': RawTimeType,
  'time-millis': RawTimeType,
  'time-micros': RawTimeType,
};

/**
 * Fresh avsc options for one `Type.forSchema` call. Fresh each time because avsc records every named
 * type in `opts.registry`, so a shared object would fail on the second schema with the same record
 * name. `assertLogicalTypes` makes a malformed logical type an error instead of the spec's silent
 * fallback to raw bytes or numbers. The type hook makes every `long` a bigint (long-type.ts).
 */
export function avroTypeOptions(): Partial<ForSchemaOptions> {
  return { logicalTypes, assertLogicalTypes: true, typeHook: exactLongs() };
}

/**
 * A `typeHook` that builds every `long` as {@link exactLongType}. avsc's `registry` option only
 * catches the `"long"` name; `{"type": "long"}` objects, which logical types are, would still get
 * avsc's number long. A long under one of our logical types is built here with a copy of its
 * schema, and the copy (which avsc then asks for as the underlying type) gets the bigint long.
 */
function exactLongs(): NonNullable<ForSchemaOptions['typeHook']> {
  const underlying = new WeakSet<object>();
  return (schema, opts) => {
    if (schema === 'long') return exactLongType;
    if (
      typeof schema !== 'object' ||
      Array.isArray(schema) ||
      (schema as { type?: unknown }).type !== 'long'
    ) {
      return undefined;
    }
    if (underlying.has(schema)) return exactLongType;
    const name = (schema as { logicalType?: unknown }).logicalType;
    const Logical = typeof name === 'string' ? logicalTypes?.[name] : undefined;
    if (Logical === undefined) return exactLongType; // no logical type, or one the spec says to ignore
    const copy = { ...schema };
    underlying.add(copy);
    return new Logical(copy as Schema, opts);
  };
}

/** Parses an Avro schema with our logical types. */
export function avroTypeFor(schema: Schema): Type {
  return Type.forSchema(schema, avroTypeOptions());
}
