/**
 * The Avro logical types our schemas use, for avsc: `decimal` ↔ exact decimal string, `timestamp-millis`
 * ↔ Date, `uuid` ↔ validated lower-case string, and every `long` (so `timestamp-micros` too) ↔ bigint.
 * Build every type with {@link avroTypeOptions}, local and registry schemas alike, so writer and reader
 * types agree on the JavaScript values.
 */
import { type ForSchemaOptions, type Schema, Type, types } from 'avsc';
import {
  type DecimalSpec,
  decimalFromBytes,
  decimalToBytes,
  formatDecimal,
  maxPrecisionForFixed,
  parseDecimal,
  toTwosComplementFixed,
} from './decimal';
import { describe } from './describe-value';
import type { AvroInternals, AvroTap } from './avro-tap';
import * as asciiWindow from './ascii-window';
import { exactLongType, isLongType } from './long-type';
import { isPlainStringSchema, windowedStringType } from './string-type';
import * as uuidFormat from './uuid-format';
import * as decimal from './decimal';

/*
 * The read and write paths' imports, bound once. The runtime runs TypeScript through tsx, which compiles each
 * use of an imported name into a call of a getter on the other module's exports; per value, a
 * profile of decode showed those getters at about 8% of the time.
 */
const { isLowerCaseUuidAt, LOWER_CASE_UUID_PATTERN, NIL_UUID, UUID_LENGTH, UUID_PATTERN } = uuidFormat;
const { EXACT_BYTES, exactByteLength, exactUnscaled, formatExact, readIntAt } = decimal;
const { asciiStringAt } = asciiWindow;

/**
 * A logical type that can say why a value is not one of its values. avsc's `isValid` only reports that
 * a logical value failed; the validator asks the type for the reason.
 */
export abstract class ExplainedLogicalType extends types.LogicalType {
  /** Why `value` cannot be written as this type, or undefined when it can. */
  abstract problemWith(value: unknown): string | undefined;

  /**
   * avsc's validity check (`isValid`), which by default converts the value and checks the converted
   * value against the underlying type: a valid value of ours is always a valid underlying value, so
   * the cheaper question is enough. Same verdicts, and the same hook call on a bad value.
   */
  _check(value: unknown, _flags: unknown, hook?: (value: unknown, type: Type) => void): boolean {
    if (this.problemWith(value) === undefined) return true;
    if (hook) hook(value, this);
    return false;
  }
}

/** `decimal` over `bytes` or `fixed`: exact strings with exactly `scale` places. */
export class DecimalType extends ExplainedLogicalType {
  readonly spec: DecimalSpec;
  private readonly fixedSize: number | undefined;
  /**
   * The last string found valid on the exact path and its unscaled value: the encoder validates an
   * event before writing it, and both steps need the value, so the second finds it here. A pure
   * function of the string, so never stale.
   */
  private lastText: string | undefined;
  private lastUnscaled = 0;

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
    if (this.exactUnscaledOf(value) !== undefined) return undefined;
    try {
      this._toValue(value);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /**
   * Reads the bytes' unscaled value in place, without avsc's copy into a new Buffer per value, when
   * it fits {@link EXACT_BYTES}; anything else (fixed, longer, past the end) goes avsc's way.
   */
  _read(tap: AvroTap): string {
    if (this.fixedSize === undefined) {
      const start = tap.pos;
      const length = tap.readLong();
      const end = tap.pos + length;
      if (length > 0 && length <= EXACT_BYTES && end <= tap.buf.length) {
        const text = formatExact(readIntAt(tap.buf, tap.pos, length), this.spec);
        if (text !== undefined) {
          tap.pos = end;
          return text;
        }
      }
      tap.pos = start;
    }
    return this._fromValue((this.underlyingType as unknown as AvroInternals)._read(tap) as Buffer);
  }

  /** Writes the unscaled value's bytes straight into avsc's buffer on the exact path. */
  _write(tap: AvroTap, value: unknown): void {
    const unscaled = this.exactUnscaledOf(value);
    if (unscaled === undefined) {
      (this.underlyingType as unknown as AvroInternals)._write(tap, this._toValue(value));
      return;
    }
    const length = exactByteLength(unscaled);
    tap.writeLong(length);
    const start = tap.pos;
    tap.pos += length;
    if (tap.pos <= tap.buf.length) tap.buf.writeIntBE(unscaled, start, length);
  }

  protected override _fromValue(bytes: Buffer): string {
    return decimalFromBytes(bytes, this.spec);
  }

  protected override _toValue(value: unknown): Buffer {
    return this.fixedSize === undefined
      ? decimalToBytes(value, this.spec)
      : toTwosComplementFixed(parseDecimal(value, this.spec), this.fixedSize);
  }

  /** The unscaled value of a valid decimal over bytes that the exact path handles; else undefined. */
  private exactUnscaledOf(value: unknown): number | undefined {
    // Only a string can hit: the memo starts empty, and `undefined` must never match it.
    if (typeof value === 'string' && value === this.lastText) return this.lastUnscaled;
    if (this.fixedSize !== undefined || typeof value !== 'string') return undefined;
    const unscaled = exactUnscaled(value, this.spec);
    if (unscaled === undefined || exactByteLength(unscaled) === 0) return undefined;
    this.lastText = value;
    this.lastUnscaled = unscaled;
    return unscaled;
  }

  protected override _resolve(writer: Type): ((value: string) => string) | undefined {
    // Fewer writer places pad exactly; more could only be rounded, which would change amounts.
    const integerDigits = (spec: DecimalSpec) => spec.precision - spec.scale;
    if (
      writer instanceof DecimalType &&
      writer.spec.scale <= this.spec.scale &&
      integerDigits(writer.spec) <= integerDigits(this.spec)
    ) {
      // The writer's string already has this scale and fits this precision: nothing to pad.
      if (writer.spec.scale === this.spec.scale) return (value) => value;
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
 * Below this magnitude avsc's number long reads and writes a long exactly; from 2^52 on, its zigzag
 * value (about twice the long) passes 2^53 and its float arithmetic rounds it, sign included.
 */
const NUMBER_LONG_EXACT_BELOW = 2 ** 52;

/** Our bigint long's reading and writing, for the longs avsc's number long would round. */
const exactLong = exactLongType as unknown as AvroInternals;

/**
 * `timestamp-millis` over `long`: valid `Date` objects. Every Date (±8.64e15 ms) is a safe integer, so
 * the long converts exactly; a long beyond the Date range is a decode error, not a rounded date.
 */
export class TimestampMillisType extends ExplainedLogicalType {
  /**
   * Over our bigint long (a type built by hand with it) or avsc's number long: what
   * {@link avroTypeOptions} gives it, as does a library given only our `logicalTypes`.
   */
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

  /**
   * Over the number long, reads the varint itself, and a long of 2^52 or more (dates beyond about
   * ±140,000 years, and longs beyond the Date range) again through the exact long: avsc's number long
   * would round it, or refuse it past 2^53 as "potential precision loss" where the reason is that it is
   * outside the Date range.
   */
  _read(tap: AvroTap): Date {
    if (this.bigintLong) {
      return this._fromValue((this.underlyingType as unknown as AvroInternals)._read(tap) as bigint);
    }
    const start = tap.pos;
    const millis = tap.readLong();
    // Exact below 2^52, and within the Date range: no check of the built Date needed.
    if (millis > -NUMBER_LONG_EXACT_BELOW && millis < NUMBER_LONG_EXACT_BELOW) return new Date(millis);
    tap.pos = start;
    return this._fromValue(exactLong._read(tap) as bigint);
  }

  /** As avsc writes a logical value, with the longs its number long would round written exactly. */
  _write(tap: AvroTap, value: unknown): void {
    const millis = this._toValue(value);
    if (
      typeof millis === 'number' &&
      (millis <= -NUMBER_LONG_EXACT_BELOW || millis >= NUMBER_LONG_EXACT_BELOW)
    ) {
      exactLong._write(tap, BigInt(millis));
    } else {
      (this.underlyingType as unknown as AvroInternals)._write(tap, millis);
    }
  }

  protected override _fromValue(millis: bigint | number): Date {
    const date = new Date(Number(millis));
    if (Number.isNaN(date.getTime())) throw new RangeError(`timestamp ${millis} is outside the Date range`);
    return date;
  }

  protected override _toValue(value: unknown): bigint | number {
    const millis = value instanceof Date ? value.getTime() : Number.NaN;
    if (Number.isNaN(millis)) throw new TypeError(this.problemWith(value));
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

/** `uuid` over `string`: RFC 4122 strings, written lower-case so ids compare equal as strings. */
export class UuidType extends ExplainedLogicalType {
  /**
   * The last value checked and its lower-case form: the encoder validates an event before writing
   * it, and both steps check each id, so the second finds it here.
   */
  private lastText: string | undefined;
  private lastId = '';

  constructor(schema: Schema, opts?: unknown) {
    super(schema, opts);
    if (!Type.isType(this.underlyingType, 'string')) throw new Error('uuid must be over string');
  }

  override problemWith(value: unknown): string | undefined {
    if (this.idOf(value) !== undefined) return undefined;
    if (typeof value !== 'string') return `expected a UUID string, got ${describe(value)}`;
    return `expected a UUID like "123e4567-e89b-42d3-a456-426614174000", got ${describe(value)}`;
  }

  /**
   * Checks a lower-case id's bytes in place, then cuts it from the message's window (ascii-window.ts);
   * the rest as avsc does.
   */
  _read(tap: AvroTap): string {
    const start = tap.pos;
    const length = tap.readLong();
    const from = tap.pos;
    const to = from + UUID_LENGTH;
    if (length === UUID_LENGTH && to <= tap.buf.length && isLowerCaseUuidAt(tap.buf, from)) {
      tap.pos = to;
      return asciiStringAt(tap, from, to);
    }
    tap.pos = start;
    return this._fromValue((this.underlyingType as unknown as AvroInternals)._read(tap) as string);
  }

  /**
   * Writes the id's 36 ASCII bytes itself: avsc's string writing would first measure the string's UTF-8
   * length (a native call per id) and then go through it char by char all the same.
   */
  _write(tap: AvroTap, value: unknown): void {
    const id = this._toValue(value);
    tap.writeLong(UUID_LENGTH);
    const start = tap.pos;
    tap.pos += UUID_LENGTH;
    if (tap.pos > tap.buf.length) return; // avsc's way: the caller sees the overrun and retries
    const buf = tap.buf;
    for (let i = 0; i < UUID_LENGTH; i++) buf[start + i] = id.charCodeAt(i);
  }

  protected override _fromValue(text: string): string {
    return this._toValue(text);
  }

  protected override _toValue(value: unknown): string {
    const id = this.idOf(value);
    if (id === undefined) throw new TypeError(this.problemWith(value));
    return id;
  }

  /** The lower-case id of `value`, or undefined when it is not a UUID string. */
  private idOf(value: unknown): string | undefined {
    // Only a string can hit: the memo starts empty, and `undefined` must never match it.
    if (typeof value === 'string' && value === this.lastText) return this.lastId;
    if (typeof value !== 'string') return undefined;
    let id: string;
    // Lower-case ids (what we write) pass the first test and are used as they are, without a copy.
    if (LOWER_CASE_UUID_PATTERN.test(value)) id = value;
    else if (UUID_PATTERN.test(value) || value === NIL_UUID) id = value.toLowerCase();
    else return undefined;
    this.lastText = value;
    this.lastId = id;
    return id;
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
 * fallback to raw bytes or numbers. The type hook makes every `long` a bigint (long-type.ts) and reads
 * plain strings through the message's window (string-type.ts).
 */
export function avroTypeOptions(): Partial<ForSchemaOptions> {
  return { logicalTypes, assertLogicalTypes: true, typeHook: typeHook() };
}

/** Our primitives: every `long` a bigint ({@link exactLongs}), every plain `string` windowed (string-type.ts). */
function typeHook(): NonNullable<ForSchemaOptions['typeHook']> {
  const longs = exactLongs();
  return (schema, opts) => (isPlainStringSchema(schema) ? windowedStringType : longs(schema, opts));
}

/**
 * A `typeHook` that builds every `long` as {@link exactLongType}. avsc's `registry` option only
 * catches the `"long"` name; `{"type": "long"}` objects, which logical types are, would still get
 * avsc's number long. A long under one of our logical types is built here with a copy of its
 * schema, and the copy (which avsc then asks for as the underlying type) gets the bigint long, or for
 * `timestamp-millis` avsc's number long (its values are Dates, never bigints).
 */
function exactLongs(): NonNullable<ForSchemaOptions['typeHook']> {
  const underlying = new WeakSet<object>();
  const numberUnderlying = new WeakSet<object>();
  return (schema, opts) => {
    if (schema === 'long') return exactLongType;
    if (typeof schema === 'object' && numberUnderlying.has(schema)) return undefined; // avsc's long
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
    // Every Date's milliseconds (±8.64e15) is a safe integer, and a long beyond that is an error
    // either way: avsc's number long reads and writes timestamp-millis exactly, without the bigint
    // long's buffer per value.
    (Logical === TimestampMillisType ? numberUnderlying : underlying).add(copy);
    return new Logical(copy as Schema, opts);
  };
}

/**
 * An Avro schema as avsc's types describe it, or as codegen writes it: `as const`, whose readonly
 * arrays (a union's branches, a record's fields) avsc's mutable `Schema` type refuses although avsc
 * never changes a schema it is given.
 */
export type SchemaInput = Schema | { readonly [key: string]: unknown } | readonly unknown[];

/** Parses an Avro schema with our logical types. */
export function avroTypeFor(schema: SchemaInput): Type {
  return Type.forSchema(schema as Schema, avroTypeOptions());
}
