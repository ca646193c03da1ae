/**
 * The three output formats of `schemas:check` (`--format text|json|github`). Text and github
 * print the same lines in the same order; github turns each break, finding or failure into a
 * GitHub Actions workflow command (`::error file=...,line=...,title=RULE::message`), which the
 * Actions UI shows as an annotation on that line of the pull request.
 */
import type { CompatibilityBreak, SemanticFinding } from '../compat/resolve';
import type { Located } from '../compat/format-report';
import { type LocatedPartyVerdict, type SchemaReport, exitCodeOf } from './report';

/** A value of `--format`. */
export type OutputFormat = 'text' | 'json' | 'github';

/** The formats, for argument parsing and help. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'github'];

/** Version of the JSON shape; raised only when a field changes meaning or goes away. */
export const JSON_REPORT_VERSION = 1;

type Severity = 'error' | 'warning';

/** One problem to print: where, its rule (the annotation's title) and the text after the location. */
interface Problem {
  readonly file: string;
  readonly line?: number;
  readonly title: string;
  readonly body: string;
  readonly severity: Severity;
}

type Emit = (p: Problem) => string;

const asText: Emit = (p) => `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.body}`;

// GitHub's workflow-command escaping: data escapes %, CR, LF; property values also : and ,.
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const asAnnotation: Emit = (p) => {
  const props = [`file=${escapeProperty(p.file)}`];
  if (p.line !== undefined) props.push(`line=${p.line}`);
  props.push(`title=${escapeProperty(p.title)}`);
  return `::${p.severity} ${props.join(',')}::${escapeData(p.body)}`;
};

function describeAgainst(r: SchemaReport): string {
  if (r.against.length === 0) return '';
  if (r.against.length === 1) return ` against ${r.against[0]}`;
  return ` against ${r.against.length} versions (${r.against.join(', ')})`;
}

const bodyOf = (item: Located<CompatibilityBreak | SemanticFinding>): string =>
  `${item.path}: ${item.rule}: ${item.message}${item.against !== undefined ? ` (against ${item.against})` : ''}`;

const listed = (labels: readonly string[]): string =>
  labels.length === 1 ? (labels[0] ?? '') : `${labels.length} versions: ${labels.join(', ')}`;

/**
 * One sentence per service, e.g. "order-service reads user_created with the schema it was built
 * with (4bc5b1ad229d): breaks at UserCreated.email (READER_FIELD_MISSING_DEFAULT)".
 */
export function describeParty(p: LocatedPartyVerdict): string {
  const places = (items: readonly { path: string; rule: string; against?: string }[]): string => {
    const seen = new Set<string>();
    return items
      .map((b) =>
        p.role === 'consumer'
          ? `${b.path} (${b.rule})`
          : `${b.path} (${b.rule}) in events written with ${b.against}`,
      )
      .filter((w) => !seen.has(w) && seen.add(w))
      .join(', ');
  };
  // Read, but not as written: resolution accepts a change of meaning.
  const meaning = p.semantic.length ? `, with another meaning at ${places(p.semantic)}` : '';
  if (p.role === 'consumer') {
    const head = `${p.service} reads ${p.topic} with the schema it was built with (${listed(p.against)})`;
    return p.reads ? `${head}: reads the new schema${meaning}` : `${head}: breaks at ${places(p.breaks)}`;
  }
  return p.reads
    ? `${p.service}'s old ${p.topic} events (${listed(p.against)}) stay readable by the new schema${meaning}`
    : `${p.service}'s old ${p.topic} events are not all readable by the new schema: breaks at ${places(p.breaks)}`;
}

function render(reports: readonly SchemaReport[], emit: Emit): string[] {
  const lines: string[] = [];
  for (const r of reports) {
    const what = [r.topic, r.level].filter(Boolean).join(', ');
    const label = `[${r.mode}] ${r.file}${what ? ` (${what})` : ''}`;
    if (r.status === 'error') {
      const code = r.error?.code ?? 'ERROR';
      const body = `${code}: could not check: ${r.error?.message ?? 'unknown'}`;
      lines.push(emit({ file: r.file, title: code, body, severity: 'error' }));
      continue;
    }
    for (const b of r.breaks) {
      lines.push(emit({ file: r.file, line: b.line, title: b.rule, body: bodyOf(b), severity: 'error' }));
    }
    const semanticMode = r.semanticMode ?? 'warn';
    for (const f of r.semantic ?? []) {
      const body = `${bodyOf(f)} [semantic: ${semanticMode}]`;
      const severity = semanticMode === 'error' ? 'error' : 'warning';
      lines.push(emit({ file: r.file, line: f.line, title: f.rule, body, severity }));
    }
    if (r.mode === 'registry' && r.status === 'incompatible') {
      const messages = r.messages.length ? r.messages : ['registry says incompatible (no details given)'];
      for (const m of messages) {
        const body = `${r.topic}-value: REGISTRY_INCOMPATIBLE: ${m}`;
        lines.push(emit({ file: r.file, title: 'REGISTRY_INCOMPATIBLE', body, severity: 'error' }));
      }
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
    for (const p of r.services ?? []) {
      const first = p.breaks[0] ?? p.semantic[0];
      // Informational: an error annotation only when the check fails anyway.
      const severity = r.status === 'incompatible' ? 'error' : 'warning';
      lines.push(
        first
          ? emit({ file: r.file, line: first.line, title: first.rule, body: describeParty(p), severity })
          : asText({ file: r.file, title: '', body: describeParty(p), severity }),
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

/**
 * Human-readable lines: breaks as `file:line: path: rule: explanation`, then one status line per
 * file and a summary.
 */
export function renderText(reports: readonly SchemaReport[]): string[] {
  return render(reports, asText);
}

/**
 * The text lines with every break, semantic finding (a warning unless semantic changes fail the
 * check), registry refusal and failure to check as a GitHub Actions annotation.
 */
export function renderGithub(reports: readonly SchemaReport[]): string[] {
  return render(reports, asAnnotation);
}

/**
 * The machine shape: `{version, exitCode, reports}`, each report a {@link SchemaReport} (breaks
 * and findings carry `path`, `rule`, `message`, `direction`, `against`, and `line` when found).
 */
export function renderJson(reports: readonly SchemaReport[]): string {
  return JSON.stringify({ version: JSON_REPORT_VERSION, exitCode: exitCodeOf(reports), reports }, null, 2);
}

/** The output for `format`, ending with a newline. */
export function renderReports(reports: readonly SchemaReport[], format: OutputFormat): string {
  if (format === 'json') return `${renderJson(reports)}\n`;
  return `${(format === 'github' ? renderGithub(reports) : renderText(reports)).join('\n')}\n`;
}
