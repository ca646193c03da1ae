/**
 * One trace across the Kafka hop, on the real stack: `POST /orders` on the order service, its
 * outbox row, the relay's send, the user service's consumer and the projection write it makes all
 * share one trace id, each span the child of the one before. Spans go to an in-memory exporter
 * given to both services (in production: OTEL_TRACES_EXPORTER=otlp).
 */
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createTestSystem, eventually, http, type TestSystem } from './support/system';

jest.setTimeout(120_000);

const exporter = new InMemorySpanExporter();
let system: TestSystem;
let users: string;
let orders: string;

beforeAll(async () => {
  system = await createTestSystem({ spanExporter: exporter });
  [users, orders] = await Promise.all([
    system.startUserService().then((s) => s.url),
    system.startOrderService().then((s) => s.url),
  ]);
});

afterAll(() => system?.stop());

const serviceOf = (span: ReadableSpan) => span.resource.attributes['service.name'];
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** The one span of `spans` that matches, failing with what there was when there is not exactly one. */
function single(spans: ReadableSpan[], what: string, match: (s: ReadableSpan) => boolean): ReadableSpan {
  const found = spans.filter(match);
  if (found.length !== 1) {
    const seen = spans.map((s) => `${String(serviceOf(s))}: ${s.name}`).join('; ');
    throw new Error(`expected one ${what}, found ${found.length} among: ${seen}`);
  }
  return found[0] as ReadableSpan;
}

test('POST /orders → outbox → relay → Kafka → user service projection is one trace', async () => {
  const user = await http('POST', `${users}/users`, {
    email: `trace-${Date.now()}@example.com`,
    name: 'Ada',
  });
  expect(user.status).toBe(201);
  const order = await http(
    'POST',
    `${orders}/orders`,
    { user_id: user.body.id, amount: '9.99', currency: 'EUR' },
    { prefer: 'wait=10' },
  );
  expect(order.status).toBe(201);
  await eventually(async () => {
    const res = await http('GET', `${users}/users/${user.body.id}/orders`);
    return res.body.orders?.length === 1;
  });

  const request = single(
    exporter.getFinishedSpans(),
    'POST /orders server span',
    (s) => serviceOf(s) === 'order-service' && s.name === 'POST /orders',
  );
  expect(request.kind).toBe(SpanKind.SERVER);
  expect(request.attributes['http.response.status_code']).toBe(201);
  const traceId = request.spanContext().traceId;

  // The consumer's spans end before its transaction commits, so they may trail the GET above.
  const trace = await eventually(async () => {
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const projected = spans.some(
      (s) => serviceOf(s) === 'user-service' && String(s.attributes['db.query.text']).includes('user_orders'),
    );
    return projected ? spans : undefined;
  });

  // The order and its event are one statement; it ran twice when the user was not known on the first try.
  const writes = trace.filter((s) => String(s.attributes['db.query.text']).includes('insert into outbox'));
  expect(writes.length).toBeGreaterThanOrEqual(1);
  for (const write of writes)
    expect(String(write.attributes['db.query.text'])).toContain('insert into orders');
  const send = single(trace, 'relay send span', (s) => s.kind === SpanKind.PRODUCER);
  const consume = single(trace, 'consumer span', (s) => s.kind === SpanKind.CONSUMER);
  const projection = single(trace, 'projection write', (s) =>
    String(s.attributes['db.query.text']).includes('user_orders'),
  );

  expect(writes.map(parentOf)).toEqual(writes.map(() => request.spanContext().spanId));
  expect(serviceOf(send)).toBe('order-service');
  expect(send.name).toBe(`send ${system.topics.names.order_created}`);
  expect(parentOf(send)).toBe(request.spanContext().spanId);
  expect(send.attributes['messaging.message.id']).toBe(consume.attributes['messaging.message.id']);

  expect(serviceOf(consume)).toBe('user-service');
  expect(consume.name).toBe(`process ${system.topics.names.order_created}`);
  expect(parentOf(consume)).toBe(send.spanContext().spanId);

  expect(serviceOf(projection)).toBe('user-service');
  expect(projection.kind).toBe(SpanKind.CLIENT);
  expect(parentOf(projection)).toBe(consume.spanContext().spanId);
  // Statements with placeholders only: the event's values (an email, an amount) stay out of spans.
  expect(String(projection.attributes['db.query.text'])).not.toContain('9.99');
});

test('the health probes and the relay polling start no trace', async () => {
  exporter.reset();
  await http('GET', `${orders}/health`);
  await http('GET', `${users}/ready`);
  // Over a second: the relays poll their outboxes every second, outside any request.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual([]);
});
