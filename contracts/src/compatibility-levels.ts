/**
 * The compatibility levels of the Confluent Schema Registry API: what `topics.json` declares, what
 * the registry is told (`schemas:register`) and what the offline gate (schema-gate) implements.
 */
/** Compatibility levels of the Confluent API. */
export const compatibilityLevels = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;

/** A level from {@link compatibilityLevels}. */
export type CompatibilityLevel = (typeof compatibilityLevels)[number];
