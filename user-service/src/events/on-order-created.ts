import type { EventHandler } from '@contract-events/runtime';
import { insertUserOrder } from '../db/queries/insert-user-order';

/**
 * Stores the order for GET /users/:id/orders. An order whose user this service does not have is
 * stored all the same: the event is a fact the order service already acted on, and dead-lettering
 * it would lose it for good, whereas the row is harmless (the route answers 404 for a user that
 * does not exist here, so it is never shown).
 */
export const onOrderCreated: EventHandler<'order_created'> = async (trx, event) => {
  await insertUserOrder(trx, {
    order_id: event.order_id,
    user_id: event.user_id,
    amount: event.amount,
    currency: event.currency,
    created_at: event.occurred_at,
    event_id: event.event_id,
  });
};
