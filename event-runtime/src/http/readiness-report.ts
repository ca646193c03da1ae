import { z } from 'zod';

/** One dependency's check; `error` says why it failed. */
const dependencyCheck = z.strictObject({
  ok: z.boolean(),
  error: z.string().optional(),
  partitions: z
    .record(z.string(), z.array(z.number().int()))
    .optional()
    .meta({ description: 'The consumer group partitions this instance owns, per topic' }),
});

/** The body of `GET /ready`: overall readiness and each dependency's check. */
export const readinessReportSchema = z.strictObject({
  ready: z.boolean(),
  checks: z
    .record(z.string(), dependencyCheck)
    .meta({ description: 'One entry per dependency (database, kafka, registry, consumer, ...)' }),
});

/** The body of `GET /ready`: overall readiness and each dependency's check. */
export type ReadinessReport = z.infer<typeof readinessReportSchema>;

/** The body of `GET /health`: the process answers; the checks are details for people and dashboards. */
export const healthReportSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']).meta({ description: '`degraded` when a check fails' }),
  checks: readinessReportSchema.shape.checks,
});
