/**
 * The result shape shared by the three schemas:check modes, and its text rendering.
 */
import type { SemanticMode } from '../compat/check-compatibility';
import type { CompatibilityBreak, SemanticFinding } from '../compat/resolve';
import type { CompatibilityLevel } from '../compat/levels';
import { formatBreak } from '../compat/format-report';
import type { ReplaySummary } from './replay-report';

/** Outcome for one schema file in one mode. */
export interface SchemaReport {
  readonly mode: 'files' | 'offline' | 'registry' | 'replay';
  /** Schema file as shown to the user (relative to the repo root for offline/registry). */
  readonly file: string;
  readonly topic?: string;
  readonly level?: CompatibilityLevel;
  readonly status: 'compatible' | 'incompatible' | 'new' | 'error';
  readonly breaks: readonly CompatibilityBreak[];
  /**
   * Changes of meaning the registry accepts (offline and files modes); they make the status
   * `incompatible` only when {@link SchemaReport.semanticMode} is `error`.
   */
  readonly semantic?: readonly SemanticFinding[];
  readonly semanticMode?: SemanticMode;
  /** Registry messages, or notes such as "new since <ref>". */
  readonly messages: readonly string[];
  /** Labels of the versions compared against. */
  readonly against: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
  /** `--replay` only: what was read and what failed to decode. */
  readonly replay?: ReplaySummary;
}

/** 0 compatible, 1 a break was found, 2 something could not be checked (and nothing broke). */
export function exitCodeOf(reports: readonly SchemaReport[]): 0 | 1 | 2 {
  if (reports.some((r) => r.status === 'incompatible')) return 1;
  if (reports.length === 0 || reports.some((r) => r.status === 'error')) return 2;
  return 0;
}

function describeAgainst(r: SchemaReport): string {
  if (r.against.length === 0) return '';
  if (r.against.length === 1) return ` against ${r.against[0]}`;
  return ` against ${r.against.length} versions (${r.against.join(', ')})`;
}

/** Human-readable lines: breaks as `file: path: rule: explanation`, then one status line per file. */
export function renderText(reports: readonly SchemaReport[]): string[] {
  const lines: string[] = [];
  for (const r of reports) {
    const what = [r.topic, r.level].filter(Boolean).join(', ');
    const label = `[${r.mode}] ${r.file}${what ? ` (${what})` : ''}`;
    if (r.status === 'error') {
      lines.push(`${r.file}: ${r.error?.code ?? 'ERROR'}: could not check: ${r.error?.message ?? 'unknown'}`);
      continue;
    }
    for (const b of r.breaks) lines.push(formatBreak(r.file, b));
    for (const f of r.semantic ?? [])
      lines.push(`${formatBreak(r.file, f)} [semantic: ${r.semanticMode ?? 'warn'}]`);
    if (r.mode === 'registry' && r.status === 'incompatible') {
      const messages = r.messages.length ? r.messages : ['registry says incompatible (no details given)'];
      for (const m of messages) lines.push(`${r.file}: ${r.topic}-value: REGISTRY_INCOMPATIBLE: ${m}`);
    } else {
      for (const m of r.messages) lines.push(`${label}: ${m}`);
    }
    if (r.status === 'incompatible' && r.breaks.length === 0 && r.semantic?.length) {
      const source =
        r.mode === 'offline' ? 'semanticChanges in schemas/topics.json or --semantic' : '--semantic';
      lines.push(
        `${label}: ${r.semantic.length} semantic change(s) fail the check (${source} error; ` +
          `--semantic warn only reports them)`,
      );
    }
    const warnings = r.semantic?.length ? `, ${r.semantic.length} semantic warning(s)` : '';
    if (r.status === 'compatible') lines.push(`ok ${label}: compatible${describeAgainst(r)}${warnings}`);
    if (r.status === 'new') lines.push(`ok ${label}: new, nothing to check`);
  }
  const code = exitCodeOf(reports);
  const broken = reports.reduce((n, r) => n + (r.status === 'incompatible' ? 1 : 0), 0);
  lines.push(
    code === 0
      ? 'schemas:check: compatible'
      : code === 1
        ? `schemas:check: ${broken} incompatible schema(s)`
        : 'schemas:check: could not check everything (see above)',
  );
  return lines;
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
