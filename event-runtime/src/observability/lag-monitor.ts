import type { Logger } from 'pino';
import type { TransportAdmin } from '../transport/types';
import type { ServiceMetrics } from './metrics';

/**
 * The one writer of the `consumer_lag` gauge: lag from the broker's point of view (end offset minus
 * the group's committed offset), refreshed on a timer. Measured outside the consumer, it keeps
 * growing while the consumer is stuck or gone.
 */
export function startLagMonitor(options: {
  admin: TransportAdmin;
  groupId: string;
  topics: string[];
  metrics: ServiceMetrics;
  logger: Logger;
  intervalMs?: number;
}): { stop(): void } {
  const { admin, groupId, topics, metrics } = options;
  let running = false;
  const refresh = async () => {
    if (running) return;
    running = true;
    try {
      for (const topic of topics) {
        const [ends, committed] = await Promise.all([
          admin.endOffsets(topic),
          admin.committedOffsets(groupId, topic),
        ]);
        for (const [partition, end] of ends) {
          const done = BigInt(committed.get(partition) ?? '-1');
          // No commit yet: the group starts from the beginning, so everything is behind.
          const lag = BigInt(end) - (done < 0n ? 0n : done);
          metrics.consumerLag.set({ topic, partition: String(partition) }, Number(lag < 0n ? 0n : lag));
        }
      }
    } catch (err) {
      options.logger.debug({ err }, 'consumer lag not refreshed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void refresh(), options.intervalMs ?? 5000);
  timer.unref();
  void refresh();
  return { stop: () => clearInterval(timer) };
}
