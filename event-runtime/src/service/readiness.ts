import type { Knex } from 'knex';
import type { ReadinessReport } from '../http/readiness-report';
import type { SchemaRegistryClient } from '../registry/schema-registry';
import type { TransportAdmin } from '../transport/types';

async function check(
  probe: () => Promise<unknown>,
  timeoutMs = 2000,
): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Database, Kafka and registry reachable, and the consumer group joined. */
export async function checkReadiness(deps: {
  db: Knex;
  admin: TransportAdmin | undefined;
  registry: SchemaRegistryClient;
  consumerJoined: boolean;
}): Promise<ReadinessReport> {
  const [database, kafka, registry] = await Promise.all([
    check(() => deps.db.raw('select 1')),
    check(async () => {
      if (!deps.admin) throw new Error('not started');
      await deps.admin.ping();
    }),
    check(() => deps.registry.ping()),
  ]);
  const consumer = deps.consumerJoined ? { ok: true } : { ok: false, error: 'consumer group not joined' };
  const checks = { database, kafka, registry, consumer };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
