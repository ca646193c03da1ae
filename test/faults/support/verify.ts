/**
 * The end state after a fault: every user and order committed in its own service's database is in the
 * other service's projection exactly once, and nothing is there that was never committed.
 */
import { eventually } from '../../e2e/support/system';
import type { TestDatabase } from '../../support/test-database';
import type { FaultSystem } from './fault-system';

export interface Outcome {
  committed: { users: number; orders: number };
  /** Rows still waiting in the two outboxes (the relays delete what they publish). */
  unpublished: number;
  /** Committed writes found in the other service's projection. */
  applied: number;
  /** Committed writes missing from the other service's projection. */
  lost: number;
  /** Projection rows beyond one per committed write, or for writes never committed. */
  duplicated: number;
  /** Events applied out of their partition's order, by either consumer (so per key too). */
  reordered: number;
  /** One line per event applied out of order. */
  reorderings: string[];
}

/**
 * Events a consumer applied before an event at a lower offset of the same partition (so possibly of
 * the same key): the inbox row of each applied event holds its offset and its transaction's start.
 */
async function appliedOutOfOrder(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.db.raw<{
    rows: { topic: string; partition: number; offset: string; previous: string }[];
  }>(
    `select topic, partition, "offset", previous from (
       select topic, partition, "offset", processed_at,
              lag("offset") over w as previous, lag(processed_at) over w as previous_at
       from inbox window w as (partition by topic, partition order by "offset")
     ) applied
     where processed_at < previous_at
     order by topic, partition, "offset"`,
  );
  return rows.map((r) => `${r.topic}[${r.partition}] offset ${r.offset} applied before offset ${r.previous}`);
}

async function measure(system: FaultSystem): Promise<Outcome> {
  const { usersDb, ordersDb } = system;
  const userIds: string[] = await usersDb.db('users').pluck('id');
  const orderRows: { id: string; user_id: string }[] = await ordersDb.db('orders').select('id', 'user_id');
  const orderIds = orderRows.map((o) => o.id);
  // The order service's projection also holds users of earlier runs (the topic is shared): ours only.
  const projectedUsers: string[] = userIds.length
    ? await ordersDb.db('users').whereIn('user_id', userIds).pluck('user_id')
    : [];
  // Every order row the user service holds for our users, committed or not.
  const projectedOrders: string[] = userIds.length
    ? await usersDb.db('user_orders').whereIn('user_id', userIds).pluck('order_id')
    : [];
  const unpublished =
    Number((await usersDb.db('outbox').count({ n: '*' }))[0]?.n ?? 0) +
    Number((await ordersDb.db('outbox').count({ n: '*' }))[0]?.n ?? 0);

  const committedOrders = new Set(orderIds);
  const seenOrders = new Set(projectedOrders);
  const appliedUsers = new Set(projectedUsers).size;
  const appliedOrders = [...seenOrders].filter((id) => committedOrders.has(id)).length;
  const duplicated =
    projectedUsers.length -
    appliedUsers +
    projectedOrders.length -
    seenOrders.size +
    [...seenOrders].filter((id) => !committedOrders.has(id)).length;
  const reorderings = [...(await appliedOutOfOrder(usersDb)), ...(await appliedOutOfOrder(ordersDb))];
  return {
    committed: { users: userIds.length, orders: orderIds.length },
    unpublished,
    applied: appliedUsers + appliedOrders,
    lost: userIds.length - appliedUsers + orderIds.length - appliedOrders,
    duplicated,
    reorderings,
    reordered: reorderings.length,
  };
}

/** Waits (up to `timeoutMs`) for the projections to catch up, then measures what they hold. */
export async function verifyEndState(system: FaultSystem, timeoutMs = 90_000): Promise<Outcome> {
  await eventually(async () => (await measure(system)).lost === 0, timeoutMs).catch(() => undefined);
  return measure(system);
}

/** The one line a scenario prints. */
export function reportLine(scenario: string, faults: string, outcome: Outcome, recoveryMs: number): string {
  return [
    `scenario: ${scenario}`,
    `faults: ${faults}`,
    `committed: ${outcome.committed.users} users, ${outcome.committed.orders} orders`,
    `unpublished: ${outcome.unpublished}`,
    `applied: ${outcome.applied}`,
    `lost: ${outcome.lost}`,
    `duplicated: ${outcome.duplicated}`,
    `reordered: ${outcome.reordered}`,
    `recovered in: ${(recoveryMs / 1000).toFixed(1)} s`,
  ].join(' | ');
}
