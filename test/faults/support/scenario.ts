/**
 * One fault scenario: the system up and settled, a steady load, the fault injected mid-stream, more
 * load, then the end state checked and one line printed (see verify.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createFaultSystem, type FaultSystem, type FaultSystemOptions } from './fault-system';
import { startLoad, type LoadStats } from './load';
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
  system?: FaultSystemOptions;
  /** The load's `Prefer: wait=N` on each order (default 5 s, the order service's default cap). */
  waitForUserSeconds?: number;
  /** Injects the fault while the load runs, ends it, and says how long the system took to recover. */
  inject(system: FaultSystem): Promise<Recovery>;
  /** Further checks once the end state is verified, before the system is torn down. */
  afterwards?(system: FaultSystem, load: LoadStats): Promise<void>;
}

export async function runScenario(options: ScenarioOptions): Promise<void> {
  const system = await createFaultSystem(options.system);
  try {
    for (let instance = 0; instance < (options.instances ?? 1); instance++) {
      await system.start('user-service', instance);
      await system.start('order-service', instance);
    }
    await system.settled({ caughtUp: true, timeoutMs: 180_000 });
    const load = startLoad(
      { users: () => system.url('user-service'), orders: () => system.url('order-service') },
      undefined,
      { waitForUserSeconds: options.waitForUserSeconds },
    );
    let recovery: Recovery;
    let requests: LoadStats;
    try {
      await sleep(4000);
      recovery = await options.inject(system);
      await sleep(4000);
    } finally {
      // Also when the fault's own checks fail: a load left running would keep jest from exiting.
      requests = await load.stop();
    }
    const outcome = await verifyEndState(system);
    process.stdout.write(
      `${reportLine(options.scenario, options.faults, outcome, recovery.settledMs)} | ready in: ${(recovery.readyMs / 1000).toFixed(1)} s | requests: ${requests.requests} (${requests.failed} refused${refusals(requests)})\n`,
    );
    for (const line of outcome.reorderings) process.stdout.write(`reordered: ${line}\n`);
    expect(outcome.committed.users).toBeGreaterThan(0);
    expect(outcome.committed.orders).toBeGreaterThan(0);
    expect({ lost: outcome.lost, duplicated: outcome.duplicated, reordered: outcome.reordered }).toEqual({
      lost: 0,
      duplicated: 0,
      reordered: 0,
    });
    await options.afterwards?.(system, requests);
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

/** Events both services sent to their dead-letter topics (their `/metrics`). */
export async function deadLetters(system: FaultSystem): Promise<number> {
  let total = 0;
  for (const service of ['user-service', 'order-service'] as const) {
    const text = await fetch(`${system.url(service)}/metrics`).then((r) => r.text());
    for (const line of text.split('\n'))
      if (line.startsWith('dead_letters_total{')) total += Number(line.split(' ').at(-1));
  }
  return total;
}

function refusals(load: LoadStats): string {
  const answers = Object.entries(load.failures).map(([answer, n]) => `${n}× ${answer}`);
  return answers.length > 0 ? `: ${answers.join(', ')}` : '';
}
