import type { OrderCreated, TopicEvents, TopicName, UserCreated } from '../../../src/generated';

/** A valid event of each topic. */
export const sampleEvents: { [T in TopicName]: TopicEvents[T] } = {
  user_created: {
    event_id: '123e4567-e89b-42d3-a456-426614174000',
    occurred_at: new Date('2026-11-24T10:00:00.123Z'),
    user_id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
  } satisfies UserCreated,
  order_created: {
    event_id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    occurred_at: new Date('2026-11-24T10:00:01.456Z'),
    order_id: '9b2f6c1e-3d4a-4b5c-8d6e-7f8091a2b3c4',
    user_id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
    amount: '-9999999999.99',
    currency: 'EUR',
  } satisfies OrderCreated,
};
