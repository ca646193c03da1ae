/**
 * @contract-events/codegen: TypeScript generation from the Avro schemas, and the documents of docs/
 * (AsyncAPI, schema catalog: docs/). The CLI is cli.ts (`npm run codegen`). Schema parsing and topics.json live in @contract-events/contracts; the
 * compatibility gate is @contract-events/schema-gate.
 */
export { type CodegenErrorCode, CodegenError, codegenErrorCodes } from './generator/codegen-error';
export { type VersionsReader, generateDocs, gitVersions } from './docs/generate-docs';
export { type GeneratedFile, generate } from './generator/generate';
export { type OutputFinding, compareOutput, writeOutput } from './generator/output-dir';
export {
  SERVICE_MANIFEST_FILE,
  type ServiceManifest,
  type ServiceTopics,
  readServiceManifest,
} from './generator/service-manifest';
