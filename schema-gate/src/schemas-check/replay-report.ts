/**
 * What `--replay` found, as a {@link SchemaReport}: the counts and the first failures with their
 * partition and offset, in `replay` (for --json) and as message lines (for the text report).
 */
import type { SchemaReport } from './report';

/** One retained event the candidate schema could not read. */
export interface ReplayFailure {
  readonly partition: number;
  /** Kafka offsets are 64-bit: a decimal string. */
  readonly offset: string;
  /** The runtime's decode error code, e.g. `SCHEMA_RESOLUTION_FAILED`. */
  readonly code: string;
  readonly message: string;
}

/** Counts kept while replaying. */
export interface ReplayTally {
  read: number;
  failed: number;
  /** Null values of a compacted topic (deletions), not counted as read. */
  tombstones: number;
  /** Registry ids of the writer schemas of the events that decoded. */
  schemaIds: Set<number>;
  /** The first failures, up to the number the report shows. */
  failures: ReplayFailure[];
}

/** The replay's result for the JSON report. */
export interface ReplaySummary {
  readonly read: number;
  readonly failed: number;
  readonly tombstones: number;
  readonly schemaIds: readonly number[];
  readonly failures: readonly ReplayFailure[];
}

/** The report of a replay of `topic` through the schema in `file`: incompatible when any event failed. */
export function replayReport(file: string, topic: string, tally: ReplayTally): SchemaReport {
  const schemaIds = [...tally.schemaIds].sort((a, b) => a - b);
  const skipped = tally.tombstones > 0 ? `, ${tally.tombstones} tombstone(s) skipped` : '';
  const messages = [
    `read ${tally.read} retained event(s) from Kafka topic ${topic}${skipped}, ${tally.failed} failed to decode`,
    ...tally.failures.map((f) => `partition ${f.partition} offset ${f.offset}: ${f.code}: ${f.message}`),
  ];
  if (tally.failed > tally.failures.length) {
    messages.push(`... and ${tally.failed - tally.failures.length} more failure(s)`);
  }
  const decoded = tally.read - tally.failed;
  return {
    mode: 'replay',
    file,
    topic,
    status: tally.failed > 0 ? 'incompatible' : 'compatible',
    breaks: [],
    messages,
    against:
      decoded > 0 ? [`${decoded} retained event(s) written with schema id(s) ${schemaIds.join(', ')}`] : [],
    replay: {
      read: tally.read,
      failed: tally.failed,
      tombstones: tally.tombstones,
      schemaIds,
      failures: tally.failures,
    },
  };
}
