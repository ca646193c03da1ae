import { randomUUID } from 'node:crypto';
import { AVRO_CONTENT_TYPE, eventHeaders } from '@contract-events/contracts';
import { topicSchemas } from '../../../src/generated';
import { eventHeadersOf, eventTypeOf } from '../../../src/outbox/event-headers';

describe('eventHeadersOf', () => {
  const event = { event_id: randomUUID(), occurred_at: new Date(Date.UTC(2026, 10, 30, 5, 6, 7, 89)) };

  test('gives every header the contracts declare (and documents) a value, and no other', () => {
    const headers = eventHeadersOf({ topic: 'user_created', event, source: '/user-service' });
    expect(Object.keys(headers).sort()).toEqual(
      Object.values(eventHeaders)
        .map((h) => h.name)
        .sort(),
    );
  });

  test('writes the CloudEvents binary-mode attributes of the event', () => {
    expect(eventHeadersOf({ topic: 'user_created', event, source: '/user-service' })).toEqual({
      event_id: event.event_id,
      ce_specversion: '1.0',
      ce_id: event.event_id,
      ce_source: '/user-service',
      ce_type: 'com.contractevents.events.UserCreated',
      ce_time: '2026-11-30T05:06:07.089Z',
      'content-type': AVRO_CONTENT_TYPE,
    });
  });

  test('names the CloudEvents type after the Avro full name of each topic schema', () => {
    expect(eventTypeOf('order_created')).toBe('com.contractevents.events.OrderCreated');
    expect(eventTypeOf('user_created')).toBe(
      `${topicSchemas.user_created.namespace}.${topicSchemas.user_created.name}`,
    );
  });
});
