import { randomUUID } from 'node:crypto';
import { eventHeaders } from '@contract-events/contracts';
import { eventHeadersOf } from '../../../src/outbox/event-headers';

describe('eventHeadersOf', () => {
  test('gives every header the contracts declare (and documents) a value, and no other', () => {
    const event_id = randomUUID();
    const headers = eventHeadersOf({ event: { event_id } });
    expect(Object.keys(headers).sort()).toEqual(
      Object.values(eventHeaders)
        .map((h) => h.name)
        .sort(),
    );
    expect(headers[eventHeaders.eventId.name]).toBe(event_id);
  });
});
