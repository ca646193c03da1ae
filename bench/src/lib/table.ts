import { round } from './stats';
import type { BenchRow } from './types';

const HEADERS = ['scenario', 'case', 'subject', 'metric', 'value', 'unit', 'ratio', 'note'] as const;

function cells(row: BenchRow): string[] {
  return [
    row.scenario,
    row.case,
    row.subject,
    row.metric,
    String(round(row.value)),
    row.unit,
    row.ratio === undefined ? '' : `${row.ratio}x`,
    row.note ?? '',
  ];
}

/** The rows as one Markdown table (printed, and pasted into bench/BASELINE.md), columns padded. */
export function renderTable(rows: readonly BenchRow[]): string {
  const body = rows.map(cells).map((c) => c.map((v) => v.replace(/\|/g, '\\|')));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(HEADERS), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}
