import type { EventHandler, OrderCreated } from '@contract-events/runtime';
import type { Knex } from 'knex';
import { insertUserOrder, insertUserOrders } from '../db/queries/insert-user-order';
import type { UserOrderRow } from '../db/rows';

const rowOf = (event: OrderCreated): UserOrderRow => ({
  order_id: event.order_id,
  user_id: event.user_id,
  amount: event.amount,
  currency: event.currency,
  created_at: event.occurred_at,
  event_id: event.event_id,
});

/**
 * Stores the order for GET /users/:id/orders. An order whose user this service does not have is
 * stored all the same: the event is a fact the order service already acted on, and dead-lettering
 * it would lose it for good, whereas the row is harmless (the route answers 404 for a user that
 * does not exist here, so it is never shown). A consumed batch's new orders go in as one insert.
 */
export const onOrderCreated: EventHandler<'order_created'> = Object.assign(
  async (trx: Knex.Transaction, event: OrderCreated) => {
    await insertUserOrder(trx, rowOf(event));
  },
  {
    many: async (trx: Knex.Transaction, items: readonly { event: OrderCreated }[]) => {
      await insertUserOrders(
        trx,
        items.map(({ event }) => rowOf(event)),
      );
    },
  },
);
