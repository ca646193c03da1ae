/**
 * @contract-events/contracts: what `schemas/` means, read in one place. Used by codegen, the
 * compatibility gate and the runtime; it does no I/O beyond reading the schema files.
 */
export * from './errors';
export * from './compatibility-levels';
