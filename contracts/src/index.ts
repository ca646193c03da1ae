/**
 * @contract-events/contracts: what `schemas/` means, read in one place. Used by codegen, the
 * compatibility gate (schema-gate) and the runtime; it does no I/O beyond reading the schema files.
 */
export * from './errors';
export * from './compatibility-levels';
export * from './dead-letter-topic';
export * from './record-headers';
export * from './avro/model';
export {
  type ParseAvroSchemaOptions,
  type ParsedSchema,
  parseAvroSchema,
  schemaInvalid,
} from './avro/parse-schema';
export {
  type SemanticChangesPolicy,
  type TopicContract,
  type TopicDeclaration,
  semanticChangesPolicies,
  valueSubjectOf,
} from './topics/topic-contract';
export {
  type LoadTopicsConfigOptions,
  TOPIC_NAME_PATTERN,
  loadTopicContract,
  loadTopicsConfig,
  readTopicDeclarations,
} from './topics/topics-config';
