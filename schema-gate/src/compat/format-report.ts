/**
 * Text form of compatibility breaks: one line each, `file: path: rule: explanation`, like
 * `buf breaking`, so editors and CI logs can jump to the file.
 */
import type { CompatibilityBreak, SemanticFinding } from './resolve';

/**
 * Formats one break or semantic finding; `against` (transitive checks) is appended so repeated
 * paths stay distinct.
 */
export function formatBreak(file: string, item: CompatibilityBreak | SemanticFinding): string {
  const against = item.against !== undefined ? ` (against ${item.against})` : '';
  return `${file}: ${item.path}: ${item.rule}: ${item.message}${against}`;
}
