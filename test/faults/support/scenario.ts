/**
 * One fault scenario: the system up and settled, a steady load, the fault injected mid-stream, more
 * load, then the end state checked and one line printed (see verify.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createFaultSystem, type FaultSystem } from './fault-system';
import { startLoad } from './load';
import { reportLine, verifyEndState } from './verify';

/** How long recovery took, from the end of the fault (a restart, a reconnect). */
export interface Recovery {
  /** Until the faulted component answered again (the restarted service's /ready, the broker, ...). */
  readyMs: number;
  /** Until both services were ready with their consumers in their groups and every check green. */
  settledMs: number;
}

export interface ScenarioOptions {
  scenario: string;
  faults: string;
  /** Instances of each service running before the fault (default 1), all in the same groups. */
  instances?: number;
  /** Injects the fault while the load runs, ends it, and says how long the system took to recover. */
  inject(system: FaultSystem): Promise<Recovery>;
  /** Further checks once the end state is verified, before the system is torn down. */
  afterwards?(system: FaultSystem): Promise<void>;
}

export async function runScenario(options: ScenarioOptions): Promise<void> {
  const system = await createFaultSystem();
  try {
    for (let instance = 0; instance < (options.instances ?? 1); instance++) {
      await system.start('user-service', instance);
      await system.start('order-service', instance);
    }
    await system.settled({ caughtUp: true, timeoutMs: 180_000 });
    const load = startLoad({
      users: () => system.url('user-service'),
      orders: () => system.url('order-service'),
    });
    await sleep(4000);
    const recovery = await options.inject(system);
    await sleep(4000);
    const requests = await load.stop();
    const outcome = await verifyEndState(system);
    process.stdout.write(
      `${reportLine(options.scenario, options.faults, outcome, recovery.settledMs)} | ready in: ${(recovery.readyMs / 1000).toFixed(1)} s | requests: ${requests.requests} (${requests.failed} refused)\n`,
    );
    for (const line of outcome.reorderings) process.stdout.write(`reordered: ${line}\n`);
    expect(outcome.committed.users).toBeGreaterThan(0);
    expect(outcome.committed.orders).toBeGreaterThan(0);
    expect({ lost: outcome.lost, duplicated: outcome.duplicated, reordered: outcome.reordered }).toEqual({
      lost: 0,
      duplicated: 0,
      reordered: 0,
    });
    await options.afterwards?.(system);
  } finally {
    await system.stop();
  }
}

/** Times `recover` (which ends the fault) and then waits for the whole system to settle. */
export async function timeRecovery(system: FaultSystem, recover: () => Promise<void>): Promise<Recovery> {
  const from = Date.now();
  await recover();
  const readyMs = Date.now() - from;
  await system.settled();
  return { readyMs, settledMs: Date.now() - from };
}
