/**
 * Typed errors of the codegen package. Each has a stable `code` so callers and CLIs can
 * branch on the kind of failure without parsing messages.
 */

/** Base class: every error this package throws on purpose extends it. */
export class CodegenError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A schema file is not valid JSON or not a valid Avro schema. */
export class SchemaParseError extends CodegenError {
  constructor(
    readonly source: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('SCHEMA_PARSE_ERROR', `${source}: schema does not parse: ${detail}`, options);
  }
}

/** schemas/topics.json is missing, malformed or refers to something that does not exist. */
export class TopicsConfigError extends CodegenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TOPICS_CONFIG_INVALID', message, options);
  }
}

/** The schemas are valid Avro but cannot be turned into TypeScript (for example a name clash). */
export class TypeGenerationError extends CodegenError {
  constructor(message: string) {
    super('TYPE_GENERATION_FAILED', message);
  }
}

/** A compatibility level string is not one of the known levels. */
export class UnknownCompatibilityLevelError extends CodegenError {
  constructor(readonly level: string) {
    super('UNKNOWN_COMPATIBILITY_LEVEL', `unknown compatibility level: ${JSON.stringify(level)}`);
  }
}

/** A git command needed for the offline check failed (missing ref, not a repository). */
export class GitError extends CodegenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('GIT_FAILED', message, options);
  }
}

/** The schema registry could not be asked, or answered something we cannot interpret. */
export class RegistryError extends CodegenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('REGISTRY_UNAVAILABLE', message, options);
  }
}

/** Bad command-line arguments. */
export class UsageError extends CodegenError {
  constructor(message: string) {
    super('USAGE', message);
  }
}
