/**
 * What the scenarios run on: the stack's Kafka, registry and PostgreSQL (found as `npm run stack:up`
 * finds them), with a throwaway database, random topics and subjects, and services as their own
 * processes, as production runs them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import {
  createDatabase,
  createKafkaTransport,
  removeSuffixedTopics,
  createSchemaRegistry,
  registerContracts,
  SERVICE_NODE_FLAGS,
  type TopicName,
} from '@contract-events/runtime/tools';
import { loadStackConfig, type StackConfig } from '@contract-events/stack';
import type { Knex } from 'knex';

export const repoRoot = path.resolve(__dirname, '../../..');

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

export function stackOf(env: NodeJS.ProcessEnv): StackConfig {
  return loadStackConfig(env);
}

export interface ThrowawayDatabase {
  url: string;
  db: Knex;
  drop(): Promise<void>;
}

async function asAdmin<T>(adminUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty database on the stack's PostgreSQL (the services migrate it), dropped by `drop()`. */
export async function createThrowawayDatabase(stack: StackConfig): Promise<ThrowawayDatabase> {
  const name = `bench_${randomSuffix()}`;
  await asAdmin(stack.postgres.adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(stack.postgres.adminUrl);
  url.pathname = `/${name}`;
  const db = createDatabase(url.toString());
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await asAdmin(stack.postgres.adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export interface BenchTopics {
  names: Record<TopicName, string>;
  remove(): Promise<void>;
}

/** Every contract under random topic names (created with their settings, schemas registered). */
export async function createBenchTopics(stack: StackConfig): Promise<BenchTopics> {
  const suffix = randomSuffix();
  const nameFor = (topic: string) => `bench_${topic}_${suffix}`;
  const transport = createKafkaTransport({ ...stack.kafka, clientId: 'bench-topics' });
  const admin = await transport.admin();
  const removeOurs = () => removeSuffixedTopics(transport, suffix);
  try {
    await registerContracts({
      admin,
      registry: createSchemaRegistry({ url: stack.registry.url }),
      schemasDir: path.join(repoRoot, 'schemas'),
      topicNameFor: nameFor,
    });
  } catch (err) {
    // Topics created before the failure (the registry down, say) are not left behind.
    await removeOurs().catch(() => undefined);
    throw err;
  } finally {
    await admin.disconnect();
  }
  return {
    names: { user_created: nameFor('user_created'), order_created: nameFor('order_created') },
    remove: removeOurs,
  };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ChildService {
  child: ChildProcess;
  url: string;
  /** The last lines it wrote to stderr (a crash's text). */
  stderr: string[];
  /** Resident set size now, in MB (from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/** Resident memory of a process in MB, from /proc/<pid>/status (VmRSS); NaN once it is gone. */
export function rssMb(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** How {@link startChild} starts a process besides its script and environment. */
export interface ChildOptions {
  /** The path that answers 200 once it is up. Default `/ready`. */
  readyPath?: string;
  /** Node flags before the script (a service's: SERVICE_NODE_FLAGS). Default none. */
  nodeFlags?: readonly string[];
}

/**
 * Starts `node [nodeFlags] --import tsx <script> ...args` with exactly `env` (the bench's own
 * environment, passed down, plus settings) on a free port, and waits until `readyPath` answers 200.
 */
export async function startChild(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { readyPath = '/ready', nodeFlags = [] }: ChildOptions = {},
): Promise<ChildService> {
  const port = await freePort();
  // BENCH_CPU_PROF=<dir>: each process writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
  const profile = env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(env.BENCH_CPU_PROF)}`]
    : [];
  // TypeScript through tsx; a compiled script (a service's build) as node runs it.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeFlags, ...profile, ...loader, script, ...args], {
    cwd: repoRoot,
    // stdout (pino's lines) is discarded, as a log shipper would take it: reading it here would cost
    // the bench's CPU, not the service's.
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...env, HTTP_PORT: String(port), PORT: String(port) },
  });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(...chunk.split('\n'));
    stderr.splice(0, Math.max(0, stderr.length - 50));
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited ${child.exitCode}:\n${stderr.join('\n')}`);
    const status = await fetch(`${url}${readyPath}`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} not ready after 90 s:\n${stderr.join('\n')}`);
    }
    await sleep(250);
  }
  return {
    child,
    url,
    stderr,
    rssMb: () => rssMb(child.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export type ServiceName = 'user-service' | 'order-service';

/** Node resolves the workspaces to their compiled dist/ under this condition (their package.json `exports`). */
export const DIST_CONDITION = '--conditions=@contract-events/dist';
/** The compiled bench/src/lib/service-main-on.ts. */
export const compiledServiceMain = path.join(repoRoot, 'bench/dist/lib/service-main-on.js');

let built: Promise<void> | undefined;

/**
 * `npm run build` (tsc -b: incremental, seconds when nothing changed), once per bench run, so that the
 * services run from a build of the code as it is now, never a stale one.
 */
export function buildOnce(): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run build exited ${code}: the services cannot start`)),
    );
  });
  return built;
}

/**
 * A service's main as its own process on the bench's topics and database, run from the build as the
 * image runs it (node on dist/, not tsx: tsx's module transform costs CPU on every call across
 * modules), with the Node flags every service is started with (SERVICE_NODE_FLAGS). `env` is the
 * bench's environment, which may add settings (e.g. the runtime's Kafka client); LOG_LEVEL stays the
 * services' default (info) unless given.
 */
export async function startService(
  service: ServiceName,
  topics: BenchTopics,
  databaseUrl: string,
  stack: StackConfig,
  env: NodeJS.ProcessEnv,
): Promise<ChildService> {
  await buildOnce();
  return startChild(
    compiledServiceMain,
    [service, JSON.stringify({ topicNames: topics.names, subjectNames: subjectsOf(topics) })],
    {
      ...env,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: stack.kafka.brokers.join(','),
      SCHEMA_REGISTRY_URL: stack.registry.url,
      KAFKA_GROUP_ID: `bench_${service}_${randomSuffix()}`,
    },
    { nodeFlags: [...SERVICE_NODE_FLAGS, DIST_CONDITION] },
  );
}

/** The subjects registerContracts made for the random topics (topic-name strategy). */
export function subjectsOf(topics: BenchTopics): Record<TopicName, string> {
  return {
    user_created: `${topics.names.user_created}-value`,
    order_created: `${topics.names.order_created}-value`,
  };
}

/** Polls `check` every 100 ms until it returns true; throws after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** The broker's pid from the stack's state directory (kafka.pid), if it has one. */
export function kafkaPid(stack: StackConfig): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(stack.stateDir, 'kafka.pid'), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** GET a JSON body; undefined when it does not answer. */
export async function getJson(url: string): Promise<{ status?: string } | undefined> {
  return fetch(url).then(
    (r) => r.json() as Promise<{ status?: string }>,
    () => undefined,
  );
}

/** Waits until a service's /health is all green (its consumer in its group). */
export function healthy(service: ChildService, timeoutMs = 60_000): Promise<void> {
  return until(
    `${service.url}/health`,
    async () => (await getJson(`${service.url}/health`).catch(() => undefined))?.status === 'ok',
    timeoutMs,
  );
}
