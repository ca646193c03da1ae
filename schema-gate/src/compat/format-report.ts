/**
 * Text form of compatibility breaks: one line each, `file:line: path: rule: explanation`, like
 * `buf breaking` and compilers, so editors and CI logs can jump to the field.
 */
import type { CompatibilityBreak, SemanticFinding } from './resolve';

/** A break or finding with the line of its field in the new schema's file, when known. */
export type Located<T extends CompatibilityBreak | SemanticFinding> = T & { readonly line?: number };

/**
 * Formats one break or semantic finding; `against` (transitive checks) is appended so repeated
 * paths stay distinct.
 */
export function formatBreak(file: string, item: Located<CompatibilityBreak | SemanticFinding>): string {
  const against = item.against !== undefined ? ` (against ${item.against})` : '';
  const line = item.line !== undefined ? `:${item.line}` : '';
  return `${file}${line}: ${item.path}: ${item.rule}: ${item.message}${against}`;
}
