/** The routes every service answers whatever its state: /health, /ready, /metrics. */
import { z } from 'zod';
import type { ServiceMetrics } from '../observability/metrics';
import { defineRoute, type ApiRoute } from './api-route';
import { healthReportSchema, readinessReportSchema, type ReadinessReport } from './readiness-report';

async function readinessReport(readiness: () => Promise<ReadinessReport>): Promise<ReadinessReport> {
  try {
    return await readiness();
  } catch (err) {
    // A failing check is an answer ("not ready"), not a server error.
    return { ready: false, checks: { readiness: { ok: false, error: (err as Error).message } } };
  }
}

const tags = ['operations'];

/** /health (liveness), /ready (readiness) and /metrics (Prometheus). */
export function kitRoutes(readiness: () => Promise<ReadinessReport>, metrics: ServiceMetrics): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      operationId: 'health',
      summary: 'Liveness: 200 while the process runs, with each dependency check',
      tags,
      responses: { 200: { description: 'The process answers', body: healthReportSchema } },
      async handler() {
        const { checks } = await readinessReport(readiness);
        const degraded = Object.values(checks).some((c) => !c.ok);
        return { status: 200, body: { status: degraded ? ('degraded' as const) : ('ok' as const), checks } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/ready',
      operationId: 'ready',
      summary: 'Readiness: 200 once started and while the database answers, else 503',
      tags,
      responses: {
        200: { description: 'Ready', body: readinessReportSchema },
        503: {
          description: 'Not ready (starting, or the database is unreachable)',
          body: readinessReportSchema,
        },
      },
      async handler() {
        const report = await readinessReport(readiness);
        return report.ready ? { status: 200, body: report } : { status: 503, body: report };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      summary: 'Metrics in the Prometheus text format',
      tags,
      responses: {
        200: {
          description: 'The service metrics',
          body: z.string(),
          mediaTypes: [metrics.registry.contentType],
        },
      },
      async handler() {
        return { status: 200, body: await metrics.registry.metrics() };
      },
    }),
  ];
}
