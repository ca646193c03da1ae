/**
 * The codegen package's errors: its closed list of codes and its subclass of the repository's one
 * error base class. Problems in `schemas/` itself are the contracts package's `ContractError`.
 */
import { EventSystemError } from '@contract-events/contracts';

/** Codes of the codegen package. */
export const codegenErrorCodes = [
  'TYPE_GENERATION_FAILED',
  'SERVICE_MANIFEST_FAILED',
  'SCHEMA_HISTORY_UNAVAILABLE',
] as const;

/** A code from {@link codegenErrorCodes}. */
export type CodegenErrorCode = (typeof codegenErrorCodes)[number];

/**
 * The schemas are valid Avro but cannot be turned into TypeScript (for example a name clash), or
 * a service's consumed or produced topics cannot be read from its code for the services manifest,
 * or the git history of a schema cannot be read for the catalog (not a work tree, a shallow clone).
 * Never retriable: the same input fails the same way.
 */
export class CodegenError extends EventSystemError<CodegenErrorCode> {
  constructor(message: string, code: CodegenErrorCode, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { code, retriable: false, details, cause });
  }
}
