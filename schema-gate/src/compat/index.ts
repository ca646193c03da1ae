/** Offline Avro compatibility checking. */
export * from './check-compatibility';
export * from './format-report';
export * from './levels';
export type { BreakRule, CompatibilityBreak, Direction } from './resolve';
export { resolveSchemas } from './resolve';
