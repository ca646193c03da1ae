/**
 * A program for tracing.test.ts: tracing configured from this process's OTEL_* variables, as a
 * service's startup does, exports one span and flushes. The OTLP exporter loads Node's http module
 * with a dynamic import, which jest's module system cannot run: hence a process of its own.
 */
import { EnvReader } from '../../../../src/config/env';
import { readTracingConfig } from '../../../../src/config/tracing-config';
import { createTracing } from '../../../../src/observability/tracing';

const r = new EnvReader(process.env);
const config = readTracingConfig(r, 'order-service');
r.done();
const tracing = createTracing(config);
tracing.tracer.startSpan('a-span-to-export').end();
void tracing.shutdown().then(() => console.log(JSON.stringify({ enabled: tracing.enabled })));
