/**
 * The codegen package's errors: its closed list of codes and its subclass of the repository's one
 * error base class. Problems in `schemas/` itself are the contracts package's `ContractError`.
 */
import { EventSystemError } from '@contract-events/contracts';

/** Codes of the codegen package. */
export const codegenErrorCodes = ['TYPE_GENERATION_FAILED', 'SERVICE_MANIFEST_FAILED'] as const;

/** A code from {@link codegenErrorCodes}. */
export type CodegenErrorCode = (typeof codegenErrorCodes)[number];

/**
 * The schemas are valid Avro but cannot be turned into TypeScript (for example a name clash), or
 * a service's consumed or produced topics cannot be read from its code for the services manifest.
 * Never retriable: the same input fails the same way.
 */
export class CodegenError extends EventSystemError<CodegenErrorCode> {
  constructor(message: string, code: CodegenErrorCode, details?: Record<string, unknown>) {
    super(message, { code, retriable: false, details });
  }
}
