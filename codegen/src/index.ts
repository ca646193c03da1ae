/**
 * @contract-events/codegen: TypeScript generation from the Avro schemas and offline
 * compatibility checking. The CLIs are cli.ts (`npm run codegen`) and schemas-check-cli.ts
 * (`npm run schemas:check`).
 */
export * from './compat';
export * from './errors';
export type { AvroNode, LogicalInfo } from './avro/model';
export { type ParsedSchema, parseAvroSchema } from './avro/parse-schema';
export { type GeneratedFile, generate } from './generator/generate';
export { type OutputFinding, compareOutput, writeOutput } from './generator/output-dir';
export { type TopicEntry, parseTopicsConfig, readTopicsConfig } from './topics-config';
