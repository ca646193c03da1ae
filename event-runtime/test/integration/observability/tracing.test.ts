/**
 * Tracing's sockets: the OTLP/HTTP export the OTEL_* variables configure (to a collector stand-in,
 * a local HTTP server that records what it receives), and the HTTP kit's server spans on a real server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import pino from 'pino';
import { z } from 'zod';
import { EnvReader } from '../../../src/config/env';
import { readTracingConfig, TRACING_DISABLED } from '../../../src/config/tracing-config';
import { createHttpApp, startHttpServer } from '../../../src/http';
import { defineRoute } from '../../../src/http/api-route';
import { createServiceMetrics } from '../../../src/observability/metrics';
import { createTracing } from '../../../src/observability/tracing';
import { REPO_ROOT, runTsxAsync } from '../../../../test/support/cli-process';

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A collector stand-in: answers 200 to anything and keeps what it was sent. */
async function startCollector(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function tracingConfigOf(env: Record<string, string>) {
  const r = new EnvReader(env);
  const config = readTracingConfig(r, 'order-service');
  r.done();
  return config;
}

test('OTEL_TRACES_EXPORTER=otlp sends spans over OTLP/HTTP to the endpoint, with the headers', async () => {
  const collector = await startCollector();
  try {
    const run = await runTsxAsync(
      'event-runtime/test/integration/observability/support/export-one-span.ts',
      [],
      REPO_ROOT,
      {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=k%201',
        OTEL_SERVICE_NAME: 'orders-under-test',
      },
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ enabled: true });
    expect(collector.received).toHaveLength(1);
    const [request] = collector.received;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/traces' });
    expect(request!.headers['x-api-key']).toBe('k 1');
    // OTLP protobuf keeps strings as UTF-8: the resource's service name and the span's name are in it.
    expect(request!.body.includes('orders-under-test')).toBe(true);
    expect(request!.body.includes('a-span-to-export')).toBe(true);
  } finally {
    collector.server.close();
  }
});

test('with no OTEL_* variable, tracing is off: nothing recorded, nothing sent', async () => {
  const tracing = createTracing(tracingConfigOf({}));
  expect(tracing.enabled).toBe(false);
  const span = tracing.tracer.startSpan('ignored');
  expect(span.isRecording()).toBe(false);
  span.end();
});

describe('the HTTP kit with a tracer', () => {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({ ...TRACING_DISABLED, serviceName: 'http-kit' }, exporter);

  async function withServer(run: (url: string) => Promise<void>): Promise<void> {
    const routes = [
      defineRoute({
        method: 'get',
        path: '/items/:id',
        summary: 'An item',
        request: { params: z.object({ id: z.string() }) },
        responses: { 200: { description: 'The item', body: z.object({ id: z.string() }) } },
        handler: async ({ params }) => ({ status: 200, body: { id: params.id } }),
      }),
      defineRoute({
        method: 'get',
        path: '/boom',
        summary: 'Always fails',
        responses: { 200: { description: 'Never', body: z.object({}) } },
        handler: async () => {
          throw new Error('boom');
        },
      }),
    ];
    const app = createHttpApp({
      logger: pino({ level: 'silent' }),
      metrics: createServiceMetrics('http-kit-tracing'),
      readiness: async () => ({ ready: true, checks: {} }),
      routes,
      tracer: tracing.tracer,
    });
    const server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
    try {
      await run(server.url);
    } finally {
      await server.close();
    }
  }

  afterAll(() => tracing.shutdown());

  it("continues a caller's traceparent, names the span by route, marks a 500 as an error", async () => {
    const callerTrace = '0af7651916cd43dd8448eb211c80319c';
    await withServer(async (url) => {
      await fetch(`${url}/items/42`, { headers: { traceparent: `00-${callerTrace}-b7ad6b7169203331-01` } });
      await fetch(`${url}/boom`);
      await fetch(`${url}/health`);
    });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(['GET /boom', 'GET /items/:id']);
    const item = spans.find((s) => s.name === 'GET /items/:id')!;
    expect(item.kind).toBe(SpanKind.SERVER);
    expect(item.spanContext().traceId).toBe(callerTrace);
    expect(item.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(item.attributes).toMatchObject({ 'http.route': '/items/:id', 'http.response.status_code': 200 });
    const boom = spans.find((s) => s.name === 'GET /boom')!;
    expect(boom.parentSpanContext).toBeUndefined();
    expect(boom.status.code).toBe(SpanStatusCode.ERROR);
    expect(boom.attributes['http.response.status_code']).toBe(500);
  });
});
