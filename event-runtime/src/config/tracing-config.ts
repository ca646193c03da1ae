/**
 * Tracing settings: the standard OpenTelemetry variables (OTEL_*), read once at startup like every
 * other setting and handed to `createTracing` (observability/tracing.ts). Off unless
 * OTEL_TRACES_EXPORTER=otlp: no exporter, no recording spans.
 */
import type { EnvReader } from './env';
import type { Secret } from './secret';

/** The exporters OTEL_TRACES_EXPORTER accepts here: `none` (the default) or `otlp` (OTLP over HTTP). */
export const TRACES_EXPORTERS = ['none', 'otlp'] as const;

/** What `createTracing` needs. */
export interface TracingConfig {
  exporter: (typeof TRACES_EXPORTERS)[number];
  /** The `service.name` resource attribute (OTEL_SERVICE_NAME; default the service's own name). */
  serviceName: string;
  /** Where OTLP/HTTP trace exports go (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or the base endpoint + /v1/traces). */
  otlpTracesUrl: string;
  /** OTEL_EXPORTER_OTLP_HEADERS (`name=value,...`, values percent-encoded): often an API key. */
  otlpHeaders?: Secret;
}

/** Tracing off: what tests and tools that build a config by hand get. */
export const TRACING_DISABLED: TracingConfig = {
  exporter: 'none',
  serviceName: 'unknown_service',
  otlpTracesUrl: 'http://localhost:4318/v1/traces',
};

/**
 * OTEL_TRACES_EXPORTER, OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and OTEL_EXPORTER_OTLP_HEADERS through `r`, with the
 * specification's defaults. Every trace is sampled (the SDK's default sampler, parent-based, always
 * on); the exporter library still reads its own OTEL_EXPORTER_OTLP_* timeout and compression.
 */
export function readTracingConfig(r: EnvReader, serviceName: string): TracingConfig {
  const exporter = r.oneOf('OTEL_TRACES_EXPORTER', 'none', TRACES_EXPORTERS);
  const base = r.url('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://localhost:4318', ['http:', 'https:']);
  const tracesUrl = r.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', `${base.replace(/\/+$/, '')}/v1/traces`, [
    'http:',
    'https:',
  ]);
  return {
    exporter,
    serviceName: r.string('OTEL_SERVICE_NAME', serviceName),
    otlpTracesUrl: tracesUrl,
    otlpHeaders: r.secret('OTEL_EXPORTER_OTLP_HEADERS'),
  };
}

/** `a=1,b=x%20y` → `{a: '1', b: 'x y'}`: the OTEL_EXPORTER_OTLP_HEADERS format (W3C baggage-like). */
export function parseOtlpHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    headers[pair.slice(0, eq).trim()] = decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return headers;
}
