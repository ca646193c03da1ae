import type { Knex } from 'knex';
import type { ReadinessReport } from '../http/readiness-report';
import type { ServiceMetrics } from '../observability/metrics';
import type { SchemaRegistryClient } from '../registry/schema-registry';
import type { TransportAdmin } from '../transport/types';

type Check = { ok: boolean; error?: string; partitions?: Record<string, number[]> };

async function check(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
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

/** What the checks look at. */
export interface HealthDeps {
  db: Knex;
  admin: TransportAdmin | undefined;
  registry: SchemaRegistryClient;
  metrics: ServiceMetrics;
  /** Undefined once the runtime has started; until then, what start-up is doing or waiting for. */
  startupStatus(): string | undefined;
  /** Whether the consumer is in its group (true when the service consumes nothing), and what it owns. */
  consumer(): { joined: boolean; partitions: Record<string, number[]> };
}

/**
 * Every dependency's state, and whether the service can serve. The policy: ready once started and
 * while its database answers. Kafka, the registry and the consumer group are reported (and counted in
 * `dependency_up`) but do not make the service unready: with schema ids cached, writes go to the outbox
 * and are published when Kafka is back, and a late consumer only delays the other service's view. A
 * load balancer that took this instance out for a Kafka blip would refuse writes it could take.
 */
export async function checkHealth(deps: HealthDeps): Promise<ReadinessReport> {
  const [database, kafka, registry] = await Promise.all([
    check(() => deps.db.raw('select 1')),
    check(async () => {
      if (!deps.admin) throw new Error('not connected yet');
      await deps.admin.ping();
    }),
    check(() => deps.registry.ping()),
  ]);
  const member = deps.consumer();
  const consumer: Check = member.joined
    ? { ok: true, partitions: member.partitions }
    : { ok: false, error: 'consumer group not joined' };
  for (const [dependency, result] of Object.entries({ database, kafka, registry, consumer })) {
    deps.metrics.dependencyUp.set({ dependency }, result.ok ? 1 : 0);
  }
  const status = deps.startupStatus();
  const startup: Check = status === undefined ? { ok: true } : { ok: false, error: status };
  const checks = { startup, database, kafka, registry, consumer };
  return { ready: startup.ok && database.ok, checks };
}
