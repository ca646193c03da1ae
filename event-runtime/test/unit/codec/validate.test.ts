import { type Schema } from 'avsc';
import { EventValidationError } from '../../../src/errors';
import { avroTypeFor } from '../../../src/codec/logical-types';
import { assertValidEvent, validateEvent } from '../../../src/codec/validate';
import { topicSchemas } from '../../../src/generated';

const orderType = avroTypeFor(topicSchemas.order_created as unknown as Schema);
const userType = avroTypeFor(topicSchemas.user_created as unknown as Schema);

const order = {
  event_id: '123e4567-e89b-42d3-a456-426614174000',
  occurred_at: new Date('2026-11-24T00:00:00Z'),
  order_id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  user_id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  amount: '12.50',
  currency: 'EUR',
};
const user = {
  event_id: '123e4567-e89b-42d3-a456-426614174000',
  occurred_at: new Date('2026-11-24T00:00:00Z'),
  user_id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  email: 'ada@example.com',
  name: 'Ada',
};

const messages = (type: typeof orderType, value: unknown, root: string) =>
  validateEvent(type, value, root).map((e) => e.message);

describe('validateEvent', () => {
  it('accepts valid events', () => {
    expect(validateEvent(orderType, order, 'order_created')).toEqual([]);
    expect(validateEvent(userType, user, 'user_created')).toEqual([]);
  });

  it('names the field and the logical type’s reason', () => {
    expect(messages(orderType, { ...order, amount: '1.234' }, 'order_created')).toEqual([
      'order_created.amount: expected a decimal with at most 2 places, got "1.234"',
    ]);
    expect(messages(orderType, { ...order, order_id: 'nope' }, 'order_created')).toEqual([
      'order_created.order_id: expected a UUID like "123e4567-e89b-42d3-a456-426614174000", got "nope"',
    ]);
    expect(messages(orderType, { ...order, occurred_at: new Date(NaN) }, 'order_created')).toEqual([
      'order_created.occurred_at: expected a valid Date, got an invalid Date',
    ]);
  });

  it('names the expected primitive type and the value received', () => {
    expect(messages(userType, { ...user, email: 42 }, 'user_created')).toEqual([
      'user_created.email: expected a string, got 42',
    ]);
  });

  it('names missing required fields', () => {
    const { currency: _currency, ...withoutCurrency } = order;
    expect(messages(orderType, withoutCurrency, 'order_created')).toEqual([
      'order_created.currency: is required but missing (expected a string)',
    ]);
  });

  it('reports every bad field, and fields the schema does not have', () => {
    const result = validateEvent(
      orderType,
      { ...order, amount: 12.5, currency: null, extra: 1 },
      'order_created',
    );
    expect(result.map((e) => e.path)).toEqual([
      'order_created.amount',
      'order_created.currency',
      'order_created.extra',
    ]);
    expect(result[2]?.message).toBe(
      'order_created.extra: is not a field of com.contractevents.events.OrderCreated',
    );
  });

  it('rejects a non-object event at the root', () => {
    expect(messages(orderType, 42, 'order_created')).toEqual([
      'order_created: expected an object (com.contractevents.events.OrderCreated), got 42',
    ]);
  });

  it('throws EventValidationError with the field errors', () => {
    expect.assertions(4);
    try {
      assertValidEvent(userType, { ...user, name: undefined }, 'user_created');
    } catch (err) {
      expect(err).toBeInstanceOf(EventValidationError);
      const e = err as EventValidationError;
      expect(e.code).toBe('EVENT_SCHEMA_MISMATCH');
      expect(e.retriable).toBe(false);
      expect(e.fieldErrors).toEqual([
        {
          path: 'user_created.name',
          message: 'user_created.name: is required but missing (expected a string)',
        },
      ]);
    }
  });
});
