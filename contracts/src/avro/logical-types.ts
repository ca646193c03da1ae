/**
 * avsc logical-type classes that only record the annotation. We never encode with them: they
 * exist so that avsc's parser keeps the logical type (and drops invalid ones, as the Avro spec
 * requires) while we walk the parsed tree.
 */
import * as avro from 'avsc';
import type { LogicalInfo, SimpleLogicalName } from './model';

type RawSchema = { readonly [key: string]: unknown };

/** Base for the recording logical types; `logical` is read by the schema walker. */
export abstract class RecordedLogicalType extends avro.types.LogicalType {
  abstract readonly logical: LogicalInfo;

  /** The underlying avsc type name (`bytes`, `fixed`, `long`, ...). */
  protected underlyingName(): string {
    return this.underlyingType.typeName;
  }

  // Identity conversions: values are never produced through these types.
  protected override _fromValue(val: unknown): unknown {
    return val;
  }

  protected override _toValue(val: unknown): unknown {
    return val;
  }

  protected override _resolve(type: avro.Type): unknown {
    return type.typeName === this.underlyingType.typeName ? (val: unknown) => val : undefined;
  }
}

/** Largest decimal precision a fixed of `size` bytes can hold (two's complement). */
function maxFixedPrecision(size: number): number {
  return Math.floor(Math.log10(2 ** (8 * size - 1) - 1));
}

class DecimalType extends RecordedLogicalType {
  readonly logical: LogicalInfo;

  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    const raw = schema as unknown as RawSchema;
    const precision = raw['precision'];
    const scale = raw['scale'] === undefined ? 0 : raw['scale'];
    // Throwing makes avsc fall back to the underlying type, which is what the spec asks for.
    if (!Number.isInteger(precision) || (precision as number) <= 0) throw new Error('invalid precision');
    if (!Number.isInteger(scale) || (scale as number) < 0 || (scale as number) > (precision as number)) {
      throw new Error('invalid scale');
    }
    const under = this.underlyingName();
    if (under === 'fixed') {
      const size = (this.underlyingType as avro.types.FixedType).size;
      if ((precision as number) > maxFixedPrecision(size)) throw new Error('precision too large for fixed');
    } else if (under !== 'bytes') {
      throw new Error('decimal must annotate bytes or fixed');
    }
    this.logical = { name: 'decimal', precision: precision as number, scale: scale as number };
  }
}

/**
 * A concrete recording type's constructor, as avsc's `logicalTypes` option takes it. Named so the
 * build's declarations (tsc -b) need not spell out the anonymous classes below.
 */
type RecordedLogicalTypeClass = new (schema: avro.Schema, opts?: unknown) => RecordedLogicalType;

/** Builds a class for a logical type that annotates exactly one type (`duration`: a fixed of 12). */
function simpleLogical(name: SimpleLogicalName, underlying: string): RecordedLogicalTypeClass {
  return class extends RecordedLogicalType {
    readonly logical: LogicalInfo = { name };

    constructor(schema: avro.Schema, opts?: unknown) {
      super(schema, opts);
      if (this.underlyingName() !== underlying) throw new Error(`${name} must annotate ${underlying}`);
      if (name === 'duration' && (this.underlyingType as avro.types.FixedType).size !== 12) {
        throw new Error('duration must annotate a fixed of size 12');
      }
    }
  };
}

/** The `logicalTypes` option to pass to avsc's `Type.forSchema`: every logical type of the spec. */
export const recordedLogicalTypes = {
  decimal: DecimalType,
  uuid: simpleLogical('uuid', 'string'),
  date: simpleLogical('date', 'int'),
  'time-millis': simpleLogical('time-millis', 'int'),
  'time-micros': simpleLogical('time-micros', 'long'),
  'timestamp-millis': simpleLogical('timestamp-millis', 'long'),
  'timestamp-micros': simpleLogical('timestamp-micros', 'long'),
  'local-timestamp-millis': simpleLogical('local-timestamp-millis', 'long'),
  'local-timestamp-micros': simpleLogical('local-timestamp-micros', 'long'),
  duration: simpleLogical('duration', 'fixed'),
};
