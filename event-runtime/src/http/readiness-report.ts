/** The body of `GET /ready`: overall readiness and each dependency's check. */
export interface ReadinessReport {
  ready: boolean;
  /**
   * One entry per dependency (database, kafka, registry, consumer, ...); `error` says why it failed.
   * The consumer's lists the partitions this instance owns, per topic: how the group split the work.
   */
  checks: Record<string, { ok: boolean; error?: string; partitions?: Record<string, number[]> }>;
}
