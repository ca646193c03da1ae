/**
 * `npm run bench:startup [-- --runs N]`: user-service started from the compiled build (`npm run build`
 * first: node with the @contract-events/dist condition, as the image runs it) against the same service
 * through tsx (with tsx's transform cache, as a developer's second start, and without it), N runs each,
 * interleaved. Per run: a fresh database (the migrations run each time), the bench's own topics.
 * Prints, per mode, the median (min-max) of: process spawn → /health 200 (listening), spawn → /ready 200
 * (migrations, Kafka, registry and the consumer done), and resident memory 2 s after ready.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { readBenchEnv } from './config';
import { percentile, round } from './lib/stats';
import {
  createBenchTopics,
  compiledServiceMain,
  createThrowawayDatabase,
  DIST_CONDITION,
  freePort,
  randomSuffix,
  repoRoot,
  rssMb,
  stackOf,
  subjectsOf,
  type BenchTopics,
} from './lib/system';

interface Mode {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const MODES: Mode[] = [
  { name: 'build (node dist/)', args: [DIST_CONDITION, compiledServiceMain], env: {} },
  {
    name: 'tsx (cache warm)',
    args: ['--import', 'tsx', path.join(repoRoot, 'bench/src/lib/service-main-on.ts')],
    env: {},
  },
  {
    name: 'tsx (no cache)',
    args: ['--import', 'tsx', path.join(repoRoot, 'bench/src/lib/service-main-on.ts')],
    env: { TSX_DISABLE_CACHE: '1' },
  },
];

interface Sample {
  healthMs: number;
  readyMs: number;
  rssMb: number;
}

async function status(url: string): Promise<number> {
  return fetch(url).then(
    (r) => r.status,
    () => 0,
  );
}

/** Polls `url` every 20 ms until 200; the milliseconds since `t0`. */
async function timeTo200(url: string, t0: number, exited: () => boolean): Promise<number> {
  const deadline = t0 + 120_000;
  while ((await status(url)) !== 200) {
    if (exited()) throw new Error(`the service exited before ${url} answered 200`);
    if (performance.now() > deadline) throw new Error(`${url} not 200 after 120 s`);
    await sleep(20);
  }
  return performance.now() - t0;
}

async function startOnce(mode: Mode, topics: BenchTopics, env: NodeJS.ProcessEnv): Promise<Sample> {
  const stack = stackOf(env);
  const db = await createThrowawayDatabase(stack);
  const port = await freePort();
  const names = { topicNames: topics.names, subjectNames: subjectsOf(topics) };
  try {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...mode.args, 'user-service', JSON.stringify(names)], {
      cwd: repoRoot,
      stdio: 'ignore',
      env: {
        ...env,
        ...mode.env,
        HTTP_PORT: String(port),
        DATABASE_URL: db.url,
        KAFKA_BROKERS: stack.kafka.brokers.join(','),
        SCHEMA_REGISTRY_URL: stack.registry.url,
        KAFKA_GROUP_ID: `bench_startup_${randomSuffix()}`,
      },
    });
    const exited = () => child.exitCode !== null;
    try {
      const url = `http://127.0.0.1:${port}`;
      const healthMs = await timeTo200(`${url}/health`, t0, exited);
      const readyMs = await timeTo200(`${url}/ready`, t0, exited);
      await sleep(2_000);
      return { healthMs, readyMs, rssMb: rssMb(child.pid) };
    } finally {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
  } finally {
    await db.drop();
  }
}

function summary(values: number[], unit: string): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${round(percentile(sorted, 50))} ${unit} (${round(sorted[0] ?? NaN)}-${round(sorted.at(-1) ?? NaN)})`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Number(values.runs);
  if (!fs.existsSync(compiledServiceMain))
    throw new Error(`${compiledServiceMain} is missing: run npm run build first`);
  const env = readBenchEnv();
  const topics = await createBenchTopics(stackOf(env));
  const samples = new Map<string, Sample[]>(MODES.map((m) => [m.name, []]));
  try {
    for (let run = 0; run < runs; run++) {
      for (const mode of MODES) {
        const sample = await startOnce(mode, topics, env);
        samples.get(mode.name)!.push(sample);
        console.error(`run ${run + 1}/${runs} ${mode.name}: ${JSON.stringify(sample)}`);
      }
    }
  } finally {
    await topics.remove();
  }
  console.log(`user-service start-up, ${runs} runs per mode, median (min-max):`);
  console.log('| mode | spawn → /health 200 | spawn → /ready 200 | RSS 2 s after ready |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, list] of samples) {
    const cells = [
      summary(
        list.map((s) => s.healthMs),
        'ms',
      ),
      summary(
        list.map((s) => s.readyMs),
        'ms',
      ),
      summary(
        list.map((s) => s.rssMb),
        'MB',
      ),
    ];
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
