/** One measured figure of a benchmark scenario, printed as a table row and written to bench/results/. */
export interface BenchRow {
  /** e.g. 'codec', 'pipeline', 'services'. */
  scenario: string;
  /** What was measured, e.g. 'encode order_created'. */
  case: string;
  /** Who: 'contract-events' for ours, else the peer's name, e.g. 'raw avsc'. */
  subject: string;
  metric: string;
  value: number;
  unit: string;
  /** value / ours (or ours / peer), as the note says; omitted on our own rows. */
  ratio?: number;
  note?: string;
}

export interface BenchContext {
  quick: boolean;
  /** Progress lines (stderr). */
  log(line: string): void;
  /** Where the stack is: the same settings `npm run stack:up` uses. */
  env: NodeJS.ProcessEnv;
}

export type Scenario = (ctx: BenchContext) => Promise<BenchRow[]>;
