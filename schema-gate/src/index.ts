/**
 * @contract-events/schema-gate: the schema compatibility gate. Offline Avro compatibility
 * checking (compat/), the three `schemas:check` modes (schemas-check/) and its errors. The CLI is
 * cli/schemas-check.ts (`npm run schemas:check`).
 */
export * from './compat';
export * from './errors/gate-error';
export { type CheckArgs, HELP, parseCheckArgs } from './schemas-check/args';
export { runFilesCheck } from './schemas-check/files-check';
export { type OfflineOptions, runOfflineCheck } from './schemas-check/offline-check';
export { type RegistryOptions, runRegistryCheck } from './schemas-check/registry-check';
export { type SchemaReport, errorReport, exitCodeOf, withLines } from './schemas-check/report';
export {
  JSON_REPORT_VERSION,
  type OutputFormat,
  renderGithub,
  renderJson,
  renderReports,
  renderText,
} from './schemas-check/render';
export { type ReplayOptions, runReplayCheck } from './schemas-check/replay-check';
export { type ReplayFailure, type ReplaySummary } from './schemas-check/replay-report';
