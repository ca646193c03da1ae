/**
 * Tracing, in one home: the tracer a service's HTTP kit, relay, consumer and database hooks use,
 * and the W3C trace-context propagation that carries a trace across the outbox and the Kafka hop.
 *
 * Why the context is propagated here and not by instrumentation-kafkajs: the relay sends an outbox
 * row long after the HTTP request ended, from another async context, and also over
 * @platformatic/kafka. The request's context is stored in the row (`traceparent`, `tracestate`)
 * and the relay injects it into the record's headers itself, with the W3C propagator.
 */
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  trace,
  type Context,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from '../config/tracing-config';

/** The name our spans are created under (the instrumentation scope). */
export const TRACER_NAME = '@contract-events/runtime';

/** A service's tracing: its tracer, and the flush on shutdown. */
export interface Tracing {
  /** False when tracing is off: the tracer is a no-op one, nothing is recorded or exported. */
  readonly enabled: boolean;
  readonly tracer: Tracer;
  /** Exports what is pending and stops. */
  shutdown(): Promise<void>;
}

/** Tracing off: a tracer that records nothing (spans are non-recording, near zero cost). */
export const TRACING_OFF: Tracing = {
  enabled: false,
  // A provider with no delegate: the API's no-op tracer, whatever is registered globally.
  tracer: new ProxyTracerProvider().getTracer(TRACER_NAME),
  shutdown: async () => undefined,
};

/**
 * Builds the service's tracer provider from its config. `exporter` (tests: an InMemorySpanExporter)
 * turns tracing on whatever the config says, exporting each span as it ends; otherwise
 * OTEL_TRACES_EXPORTER=otlp batches spans to the OTLP/HTTP endpoint, and `none` turns tracing off.
 *
 * The provider is the service's own, not registered globally, so two services in one process keep
 * their own `service.name` (tracing-sdk.ts). The SDK is loaded only here, when tracing is on: a
 * service with tracing off never loads it. A synchronous require keeps this factory synchronous.
 */
export function createTracing(config: TracingConfig, exporter?: SpanExporter): Tracing {
  if (!exporter && config.exporter !== 'otlp') return TRACING_OFF;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracingSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  const sdk = startTracingSdk(config, TRACER_NAME, exporter);
  return { enabled: true, tracer: sdk.tracer, shutdown: sdk.shutdown };
}

/** The W3C trace-context headers (`traceparent`, and `tracestate` when there is one). */
export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

const w3c = new W3CTraceContextPropagator();

/** The headers that carry `ctx`'s span context; empty when it holds no valid span context. */
export function traceHeadersOf(ctx: Context): TraceHeaders {
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

/** The remote span context carried by `headers` (a record's or a request's), or the root context. */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return w3c.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** The span context of the code running now (the HTTP request's span), as headers. */
export function activeTraceHeaders(): TraceHeaders {
  return traceHeadersOf(context.active());
}

/** True when the code running now is inside a span that records (tracing on and sampled). */
export function isInsideRecordingSpan(): boolean {
  return trace.getSpan(context.active())?.isRecording() ?? false;
}
