/** The body of `GET /ready`: overall readiness and each dependency's check. */
export interface ReadinessReport {
  ready: boolean;
  /** One entry per dependency (database, kafka, registry, consumer, ...); `error` says why it failed. */
  checks: Record<string, { ok: boolean; error?: string }>;
}
