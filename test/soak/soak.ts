/**
 * `npm run test:soak`: both services as their own processes on the real stack (test/faults/support),
 * under a moderate steady REST load for SOAK_MINUTES (10), with their outbox relays and consumers
 * running. Every SOAK_SAMPLE_SECONDS (10) it samples each service's resident memory, V8 heap, external
 * memory, active handles, open file descriptors, outbox backlog and consumer lag; it prints the table,
 * the least-squares slope of each figure over the second half of the load (after warm-up) and a verdict
 * per figure, writes the samples as JSON to test/soak/results/ (git-ignored), and checks the end state
 * (nothing lost, nothing applied twice: test/faults/support/verify.ts).
 *
 * Exit 1 only when the end state is wrong. The memory figures are reported, never asserted: a verdict
 * line says "flat" when a slope is under its threshold (SOAK_FLAT_MB_PER_MIN, 1 MB/min by default: a
 * leak of one request's worth of memory per request grows far faster, and a shared machine's noise
 * stays well under it), "GROWING" otherwise.
 *
 * Not part of `npm test` nor of any jest project: it takes ten minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadStackConfig, stackUp } from '@contract-events/stack';
import { createFaultSystem, type FaultSystem, type ServiceName } from '../faults/support/fault-system';
import { startLoad } from '../faults/support/load';
import { verifyEndState } from '../faults/support/verify';
import {
  lowerEnvelope,
  secondHalf,
  serviceSampleOf,
  slope,
  slopeOf,
  type Sample,
  type ServiceSample,
} from './soak-stats';

const services: ServiceName[] = ['user-service', 'order-service'];

function numberSetting(name: string, fallback: number, { zero = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zero)) {
    throw new Error(`${name} must be a ${zero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  }
  return value;
}

const settings = {
  minutes: numberSetting('SOAK_MINUTES', 10),
  sampleSeconds: numberSetting('SOAK_SAMPLE_SECONDS', 10),
  /** Concurrent REST clients, each creating a user and two orders, then pausing. */
  workers: numberSetting('SOAK_WORKERS', 2),
  pauseMs: numberSetting('SOAK_PAUSE_MS', 200, { zero: true }),
  /** Sampling goes on this long once the load stopped and the end state was checked. */
  idleSeconds: numberSetting('SOAK_IDLE_SECONDS', 60, { zero: true }),
  flatMbPerMin: numberSetting('SOAK_FLAT_MB_PER_MIN', 1),
  /** Handles and file descriptors: under one more every two minutes. */
  flatCountPerMin: numberSetting('SOAK_FLAT_COUNT_PER_MIN', 0.5),
  /** Outbox rows: a backlog that does not build up. */
  flatRowsPerMin: numberSetting('SOAK_FLAT_ROWS_PER_MIN', 5),
};

async function sampleService(system: FaultSystem, service: ServiceName): Promise<ServiceSample> {
  const db = service === 'user-service' ? system.usersDb.db : system.ordersDb.db;
  const [text, rows] = await Promise.all([
    fetch(`${system.url(service)}/metrics`).then((r) => r.text()),
    db('outbox').count({ n: '*' }),
  ]);
  return serviceSampleOf(text, Number(rows[0]?.n ?? 0));
}

async function sample(system: FaultSystem, startedAt: number, requests: number): Promise<Sample> {
  const figures = await Promise.all(services.map((s) => sampleService(system, s)));
  return {
    minute: (Date.now() - startedAt) / 60_000,
    requests,
    services: Object.fromEntries(services.map((s, i) => [s, figures[i]!])),
  };
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function tableLine(s: Sample): string {
  const cells = [fixed(s.minute, 2).padStart(6), String(s.requests).padStart(7)];
  for (const service of services) {
    const f = s.services[service]!;
    cells.push(
      [
        fixed(f.rssMb).padStart(6),
        fixed(f.heapUsedMb).padStart(5),
        fixed(f.heapTotalMb).padStart(5),
        fixed(f.externalMb).padStart(5),
        fixed(f.activeHandles, 0).padStart(4),
        fixed(f.openFds, 0).padStart(4),
        String(f.outboxBacklog).padStart(5),
        fixed(f.consumerLag, 0).padStart(5),
      ].join(' '),
    );
  }
  return cells.join(' | ');
}

const tableHeader = `minutes since the load started | writes sent | then for ${services.join(', ')}: resident memory, V8 heap used, V8 heap total, external (MB) | active handles | open fds | outbox backlog (rows) | consumer lag`;
const columns = `   min |  writes | ${services.map(() => '   rss  used total   ext  hnd  fds  obox   lag').join(' | ')}`;

/**
 * The figures judged, each by the slope of its samples or, for the V8 heap (a sawtooth between
 * collections), of its lowest value in each minute: what survived the collections.
 */
const judged: {
  figure: keyof ServiceSample;
  label: string;
  unit: string;
  limit: () => number;
  lows?: true;
}[] = [
  { figure: 'rssMb', label: 'resident memory', unit: 'MB/min', limit: () => settings.flatMbPerMin },
  {
    figure: 'heapUsedMb',
    label: 'V8 heap used, per-minute low',
    unit: 'MB/min',
    limit: () => settings.flatMbPerMin,
    lows: true,
  },
  { figure: 'externalMb', label: 'external memory', unit: 'MB/min', limit: () => settings.flatMbPerMin },
  { figure: 'activeHandles', label: 'active handles', unit: '/min', limit: () => settings.flatCountPerMin },
  { figure: 'openFds', label: 'open fds', unit: '/min', limit: () => settings.flatCountPerMin },
  {
    figure: 'outboxBacklog',
    label: 'outbox backlog',
    unit: 'rows/min',
    limit: () => settings.flatRowsPerMin,
  },
];

async function main(): Promise<number> {
  await stackUp(loadStackConfig());
  const system = await createFaultSystem();
  const samples: Sample[] = [];
  const print = (line: string) => process.stdout.write(`${line}\n`);
  try {
    for (const service of services) await system.start(service);
    await system.settled({ caughtUp: true, timeoutMs: 180_000 });
    print(
      `soak: ${settings.minutes} min, ${settings.workers} workers (user + 2 orders, then ${settings.pauseMs} ms pause), a sample every ${settings.sampleSeconds} s`,
    );
    print(tableHeader);
    print(columns);
    const take = async (startedAt: number, requests: number) => {
      const s = await sample(system, startedAt, requests);
      samples.push(s);
      print(tableLine(s));
    };

    // Idle baseline before the load, at minute "-0.0".
    const startedAt = Date.now();
    await take(startedAt, 0);
    const load = startLoad(
      { users: () => system.url('user-service'), orders: () => system.url('order-service') },
      settings.workers,
      { pauseMs: settings.pauseMs },
    );
    const endsAt = startedAt + settings.minutes * 60_000;
    while (Date.now() < endsAt) {
      await sleep(Math.min(settings.sampleSeconds * 1000, endsAt - Date.now()));
      await take(startedAt, load.stats.requests);
    }
    const stats = await load.stop();
    const outcome = await verifyEndState(system);
    // After the load: does memory come back down once the system is idle?
    const idleUntil = Date.now() + settings.idleSeconds * 1000;
    while (Date.now() < idleUntil) {
      await sleep(Math.min(settings.sampleSeconds * 1000, idleUntil - Date.now()));
      await take(startedAt, stats.requests);
    }

    const fitted = secondHalf(samples, settings.minutes);
    print('');
    print(
      `slopes over the second half of the load (${fixed(settings.minutes / 2)}-${fixed(settings.minutes)} min, ${fitted.length} samples), least squares:`,
    );
    const verdicts: Record<string, Record<string, { slope: number; flat: boolean }>> = {};
    for (const service of services) {
      verdicts[service] = {};
      for (const { figure, label, unit, limit, lows } of judged) {
        const value = lows ? slope(lowerEnvelope(fitted, service, figure)) : slopeOf(fitted, service, figure);
        const flat = Number.isFinite(value) && value <= limit();
        verdicts[service][figure] = { slope: value, flat };
        print(
          `  ${service} ${label}: ${fixed(value, 3)} ${unit} (flat below ${limit()}): ${flat ? 'flat' : 'GROWING'}`,
        );
      }
    }
    for (const service of services) {
      const rss = (s: Sample | undefined) => fixed(s?.services[service]?.rssMb ?? Number.NaN);
      const during = samples.filter((s) => s.minute > 0 && s.minute <= settings.minutes);
      const peak = Math.max(...during.map((s) => s.services[service]?.rssMb ?? 0));
      print(
        `  ${service} resident memory: ${rss(samples[0])} MB idle before the load, ${fixed(peak)} MB at most during it, ${rss(during.at(-1))} MB at its end, ${rss(samples.at(-1))} MB idle after it`,
      );
      const heap = (s: Sample | undefined) => fixed(s?.services[service]?.heapUsedMb ?? Number.NaN);
      print(
        `  ${service} V8 heap used: ${heap(samples[0])} MB idle before the load, ${heap(samples.at(-1))} MB idle after it`,
      );
    }
    const allFlat = Object.values(verdicts).every((v) => Object.values(v).every((x) => x.flat));
    print(
      `end state: committed ${outcome.committed.users} users, ${outcome.committed.orders} orders | unpublished ${outcome.unpublished} | applied ${outcome.applied} | lost ${outcome.lost} | duplicated ${outcome.duplicated} | requests ${stats.requests} (${stats.failed} refused)`,
    );
    print(`verdict: ${allFlat ? 'FLAT' : 'NOT FLAT'} (memory, handles, fds, outbox backlog)`);

    const dir = path.resolve(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ settings, samples, verdicts, outcome, requests: stats }, null, 2)}\n`,
    );
    print(`samples: ${path.relative(process.cwd(), file)}`);

    const ok = outcome.committed.users > 0 && outcome.lost === 0 && outcome.duplicated === 0;
    if (!ok) print('soak FAILED: the end state is wrong (see the end state line)');
    return ok ? 0 : 1;
  } finally {
    await system.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`soak: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
