import { randomUUID } from 'node:crypto';
import { topicSchemas } from '../../../src/generated';
import {
  AVRO_CONTENT_TYPE,
  eventHeaders,
  eventTypeOf,
  RECORD_HEADER_NAMES,
} from '../../../src/outbox/record-headers';

describe('record headers', () => {
  it('names the CloudEvents type after the Avro full name of each topic schema', () => {
    expect(eventTypeOf('order_created')).toBe('com.contractevents.events.OrderCreated');
    expect(eventTypeOf('user_created')).toBe(
      `${topicSchemas.user_created.namespace}.${topicSchemas.user_created.name}`,
    );
  });

  it('computes the CloudEvents binary-mode headers of an event', () => {
    const event = {
      event_id: randomUUID(),
      occurred_at: new Date(Date.UTC(2026, 10, 30, 5, 6, 7, 89)),
      user_id: randomUUID(),
      email: 'ada@example.com',
      name: 'Ada',
    };
    expect(eventHeaders('user_created', event, '/user-service')).toEqual({
      event_id: event.event_id,
      ce_specversion: '1.0',
      ce_id: event.event_id,
      ce_source: '/user-service',
      ce_type: 'com.contractevents.events.UserCreated',
      ce_time: '2026-11-30T05:06:07.089Z',
      'content-type': AVRO_CONTENT_TYPE,
    });
  });

  it('lists every header a record carries, the trace context included, once', () => {
    const computed = Object.keys(
      eventHeaders('user_created', { event_id: 'x', occurred_at: new Date(0) } as never, '/s'),
    );
    expect(RECORD_HEADER_NAMES).toEqual(expect.arrayContaining([...computed, 'traceparent', 'tracestate']));
    expect(new Set(RECORD_HEADER_NAMES).size).toBe(RECORD_HEADER_NAMES.length);
    expect(RECORD_HEADER_NAMES).toHaveLength(computed.length + 2);
  });
});
