/**
 * Small checks of decoded JSON values, each throwing `TOPICS_CONFIG_INVALID` with the file and the
 * place in it, so every message of the topics.json reader has the same shape.
 */
import { ContractError } from '../errors';

/** A `TOPICS_CONFIG_INVALID` error naming the file and the place in it. */
export function configInvalid(file: string, where: string, problem: string, cause?: unknown): ContractError {
  return new ContractError(`${file}: ${where}: ${problem}`, 'TOPICS_CONFIG_INVALID', { file, where }, cause);
}

/** `value` as a plain object. */
export function asObject(value: unknown, file: string, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configInvalid(file, where, 'expected an object');
  }
  return value as Record<string, unknown>;
}

/** `value` as a non-empty string. */
export function asString(value: unknown, file: string, where: string): string {
  if (typeof value !== 'string' || value === '') {
    throw configInvalid(file, where, `expected a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** `value` as an integer of at least 1. */
export function asPositiveInt(value: unknown, file: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw configInvalid(file, where, `expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}
