/** Offline Avro compatibility checking. */
export * from './check-compatibility';
export * from './format-report';
export * from './levels';
export * from './locate-field';
export type {
  BreakRule,
  CompatibilityBreak,
  Direction,
  Resolution,
  SemanticFinding,
  SemanticRule,
} from './resolve';
export { REGISTRY_ACCEPTS, resolveSchemas, resolveWithSemantics } from './resolve';
