import { randomUUID } from 'node:crypto';
import type { OrderCreated } from '@contract-events/runtime';
import type { OrderRow } from '../db/rows';

/** The order_created event for an order just inserted; its time is the row's created_at. */
export function buildOrderCreated(order: OrderRow, eventId: string = randomUUID()): OrderCreated {
  return {
    event_id: eventId,
    occurred_at: order.created_at,
    order_id: order.id,
    user_id: order.user_id,
    amount: order.amount,
    currency: order.currency,
  };
}
