/**
 * The result shape shared by the three schemas:check modes (rendered by ./render.ts).
 */
import type { SemanticMode } from '../compat/check-compatibility';
import type { CompatibilityBreak, SemanticFinding } from '../compat/resolve';
import type { CompatibilityLevel } from '../compat/levels';
import type { Located } from '../compat/format-report';
import { locateField } from '../compat/locate-field';
import type { PartyVerdict } from '../consumers/party-verdicts';
import type { ReplaySummary } from './replay-report';

/** Outcome for one schema file in one mode. */
export interface SchemaReport {
  readonly mode: 'files' | 'offline' | 'registry' | 'replay';
  /** Schema file as shown to the user (relative to the repo root for offline/registry). */
  readonly file: string;
  readonly topic?: string;
  readonly level?: CompatibilityLevel;
  readonly status: 'compatible' | 'incompatible' | 'new' | 'error';
  /** Each with the line of its field in {@link SchemaReport.file} (the new schema), when found. */
  readonly breaks: readonly Located<CompatibilityBreak>[];
  /**
   * Changes of meaning the registry accepts (offline and files modes); they make the status
   * `incompatible` only when {@link SchemaReport.semanticMode} is `error`.
   */
  readonly semantic?: readonly Located<SemanticFinding>[];
  readonly semanticMode?: SemanticMode;
  /** Registry messages, or notes such as "new since <ref>". */
  readonly messages: readonly string[];
  /** Labels of the versions compared against. */
  readonly against: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
  /**
   * For a changed schema, each consumer and producer of the topic in the services manifest and
   * whether it can still read (see ../consumers/party-verdicts.ts); breaks with their lines.
   * Reported only: the status is the level's verdict.
   */
  readonly services?: readonly LocatedPartyVerdict[];
  /** `--replay` only: what was read and what failed to decode. */
  readonly replay?: ReplaySummary;
}

/** A {@link PartyVerdict} whose breaks carry the line of their field. */
export type LocatedPartyVerdict = Omit<PartyVerdict, 'breaks' | 'semantic'> & {
  readonly breaks: readonly Located<CompatibilityBreak>[];
  readonly semantic: readonly Located<SemanticFinding>[];
};

/** The verdicts with the lines of their breaks in `text` (the new schema's file). */
export function locateParties(
  text: string | undefined,
  parties: readonly PartyVerdict[],
): LocatedPartyVerdict[] {
  return parties.map((p) => ({
    ...p,
    breaks: withLines(text, p.breaks),
    semantic: withLines(text, p.semantic),
  }));
}

/** 0 compatible, 1 a break was found, 2 something could not be checked (and nothing broke). */
export function exitCodeOf(reports: readonly SchemaReport[]): 0 | 1 | 2 {
  if (reports.some((r) => r.status === 'incompatible')) return 1;
  if (reports.length === 0 || reports.some((r) => r.status === 'error')) return 2;
  return 0;
}

/**
 * Adds to each break or finding the line of its path in `text` (the new schema's file): the
 * field's line, or for a field the new schema no longer has, the nearest enclosing one's.
 */
export function withLines<T extends CompatibilityBreak | SemanticFinding>(
  text: string | undefined,
  items: readonly T[],
): Located<T>[] {
  if (text === undefined) return [...items];
  return items.map((item) => {
    const at = locateField(text, item.path);
    return at ? { ...item, line: at.line } : item;
  });
}

/** Builds an error report from a caught error. */
export function errorReport(
  mode: SchemaReport['mode'],
  file: string,
  err: unknown,
  extra: { topic?: string; level?: CompatibilityLevel } = {},
): SchemaReport {
  const code =
    typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'ERROR';
  return {
    mode,
    file,
    ...extra,
    status: 'error',
    breaks: [],
    messages: [],
    against: [],
    error: { code, message: (err as Error).message },
  };
}
