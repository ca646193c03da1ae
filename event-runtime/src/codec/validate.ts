/**
 * Field-level validation of an event against its avsc type, with messages that name the field and say
 * what was expected, e.g. `order_created.amount: expected a decimal with at most 2 places, got "1.234"`.
 */
import { Type, types } from 'avsc';
import { EventValidationError, type FieldError } from '../errors';
import { describe } from './describe-value';
import { ExplainedLogicalType } from './logical-types';

/**
 * Every problem that stops `value` from being written as `type`; empty when it is valid.
 *
 * @param rootName - first segment of each path, usually the topic name.
 */
export function validateEvent(type: Type, value: unknown, rootName: string): FieldError[] {
  const errors: FieldError[] = [];
  type.isValid(value, {
    errorHook: (path, invalid, invalidType) => {
      const where = [rootName, ...path].join('.');
      errors.push({ path: where, message: `${where}: ${reasonFor(invalid, invalidType, path.length > 0)}` });
    },
  });
  // avsc drops undeclared fields silently; in a contract they are almost always a typo.
  if (Type.isType(type, 'record') && isPlainObject(value)) {
    const declared = new Set((type as types.RecordType).fields.map((field) => field.name));
    for (const key of Object.keys(value)) {
      if (!declared.has(key)) {
        const where = `${rootName}.${key}`;
        errors.push({ path: where, message: `${where}: is not a field of ${type.name ?? 'the record'}` });
      }
    }
  }
  return errors;
}

/**
 * Throws when `value` is not a valid `type`.
 *
 * @throws EventValidationError `EVENT_SCHEMA_MISMATCH` listing every field error.
 */
export function assertValidEvent(type: Type, value: unknown, rootName: string): void {
  // Valid events, nearly all of them, take the quick yes/no check; only a bad one pays for the
  // walk that names every bad field, which gives the same verdict.
  if (type.isValid(value) && !hasUndeclaredField(type, value)) return;
  const errors = validateEvent(type, value, rootName);
  if (errors.length > 0) throw new EventValidationError(rootName, errors);
}

/** Field names per record type (null for any other type), computed once instead of per event. */
const declaredFields = new WeakMap<Type, Set<string> | null>();

function hasUndeclaredField(type: Type, value: unknown): boolean {
  let declared = declaredFields.get(type);
  if (declared === undefined) {
    declared = Type.isType(type, 'record')
      ? new Set((type as types.RecordType).fields.map((field) => field.name))
      : null;
    declaredFields.set(type, declared);
  }
  if (declared === null || !isPlainObject(value)) return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (!declared.has(keys[i] as string)) return true;
  }
  return false;
}

function reasonFor(value: unknown, type: Type, isField: boolean): string {
  if (value === undefined && isField) return `is required but missing (expected ${expectation(type)})`;
  if (type instanceof ExplainedLogicalType) {
    const problem = type.problemWith(value);
    if (problem !== undefined) return problem;
  }
  return `expected ${expectation(type)}, got ${describe(value)}`;
}

/** What a value of `type` looks like, in words. */
function expectation(type: Type): string {
  if (type instanceof types.LogicalType) {
    return `${expectation(type.underlyingType)} with logical type ${type.typeName.replace('logical:', '')}`;
  }
  switch (type.typeName) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'a boolean';
    case 'int':
      return 'a 32-bit integer';
    case 'long':
      return 'a safe integer';
    case 'abstract:long':
      return 'a bigint from -2^63 to 2^63-1 (Avro long)';
    case 'float':
    case 'double':
      return 'a number';
    case 'string':
      return 'a string';
    case 'bytes':
      return 'a Buffer';
    case 'fixed':
      return `a Buffer of ${(type as types.FixedType).size} bytes`;
    case 'enum':
      return `one of ${(type as types.EnumType).symbols.map((s) => JSON.stringify(s)).join(', ')}`;
    case 'array':
      return 'an array';
    case 'map':
      return 'an object map';
    case 'record':
    case 'error':
      return `an object (${type.name ?? 'record'})`;
    default:
      if (type instanceof types.UnwrappedUnionType || type instanceof types.WrappedUnionType) {
        return `one of: ${type.types.map(expectation).join(' | ')}`;
      }
      return type.typeName;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
