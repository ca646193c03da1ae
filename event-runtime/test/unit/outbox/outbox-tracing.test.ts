import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { TRACING_DISABLED } from '../../../src/config/tracing-config';
import { createTracing, TRACING_OFF } from '../../../src/observability/tracing';
import type { OutboxRow } from '../../../src/outbox/outbox-store';
import { outboxTraceContext, tracedSend } from '../../../src/outbox/outbox-tracing';

const STORED = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function row(overrides: Partial<OutboxRow> = {}): OutboxRow {
  return {
    id: '1',
    topic: 'order_created',
    key: 'k',
    value: Buffer.from([0]),
    headers: { ce_id: 'e1' },
    event_id: 'e1',
    traceparent: STORED,
    tracestate: 'vendor=x',
    ...overrides,
  };
}

describe('outbox tracing, with tracing off', () => {
  it('stores no context outside a span', () => {
    expect(outboxTraceContext()).toEqual({ traceparent: null, tracestate: null });
  });

  it('passes the stored context through to the record unchanged', () => {
    const send = tracedSend(TRACING_OFF.tracer, [row(), row({ traceparent: null, tracestate: null })]);
    expect(send.messages.map((m) => m.headers)).toEqual([
      { ce_id: 'e1', traceparent: STORED, tracestate: 'vendor=x' },
      { ce_id: 'e1' },
    ]);
    send.end();
  });
});

describe('outbox tracing, with tracing on', () => {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({ ...TRACING_DISABLED, serviceName: 'order-service' }, exporter);
  afterAll(() => tracing.shutdown());

  it("stores the active span's context, and sends each row in a child span of it", async () => {
    const stored = await tracing.tracer.startActiveSpan('POST /orders', async (span) => {
      await Promise.resolve(); // across an await, as in a request
      span.end();
      return { columns: outboxTraceContext(), ids: span.spanContext() };
    });
    expect(stored.columns.traceparent).toBe(`00-${stored.ids.traceId}-${stored.ids.spanId}-01`);
    expect(trace.getSpan(context.active())).toBeUndefined();

    const send = tracedSend(tracing.tracer, [row({ ...stored.columns, event_id: 'e9' })]);
    send.end(new Error('broker down'));
    const [span] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.PRODUCER);
    expect(span).toMatchObject({ name: 'send order_created', status: { code: 2, message: 'broker down' } });
    expect(span!.parentSpanContext?.spanId).toBe(stored.ids.spanId);
    expect(span!.attributes['messaging.message.id']).toBe('e9');
    expect(send.messages[0]!.headers!.traceparent).toBe(
      `00-${stored.ids.traceId}-${span!.spanContext().spanId}-01`,
    );
  });
});
