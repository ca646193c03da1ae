import path from 'node:path';
import { createSchemaRegistry, type SchemaRegistryConfig } from '@contract-events/runtime/tools';
import type { StackConfig } from '../config/stack-config';
import { ensureApicurio } from '../toolchain/maven';
import { findJavas, pickJava } from '../toolchain/prerequisites';
import { managedProcess, runningPid, startDetached, type ManagedProcess } from '../process/managed-process';
import { APICURIO_MIN_JAVA } from '../config/versions';
import { waitFor } from '../process/wait-ready';

export const registryProcess = (cfg: StackConfig): ManagedProcess => managedProcess(cfg.stateDir, 'registry');

/** The Confluent-compatible API answers (the runtime's registry client pings its subjects listing). */
export async function probeRegistry(connection: SchemaRegistryConfig): Promise<void> {
  await createSchemaRegistry({ ...connection, timeoutMs: 2000 }).ping();
}

function jdbcUrl(pgUrl: string): { url: string; user: string; password: string } {
  const u = new URL(pgUrl);
  return {
    url: `jdbc:postgresql://${u.hostname}:${u.port || 5432}${u.pathname}`,
    user: decodeURIComponent(u.username) || 'postgres',
    password: decodeURIComponent(u.password) || 'postgres',
  };
}

/**
 * Apicurio Registry with SQL storage in its own PostgreSQL database, so schemas and their
 * ids survive a restart; only its Confluent-compatible API is used by the project.
 */
export async function startRegistry(cfg: StackConfig): Promise<void> {
  const proc = registryProcess(cfg);
  const answering = await probeRegistry(cfg.registry.connection).then(
    () => true,
    () => false,
  );
  if (runningPid(proc) === undefined && !answering) {
    const home = ensureApicurio(cfg.cacheDir);
    const java = pickJava(findJavas(), APICURIO_MIN_JAVA);
    if (!java) throw new Error(`Apicurio Registry needs Java >= ${APICURIO_MIN_JAVA}`);
    const db = jdbcUrl(cfg.postgres.databases.registry);
    startDetached(proc, java.bin, ['-Xms128m', '-Xmx768m', '-jar', path.join(home, 'quarkus-run.jar')], {
      cwd: home,
      env: {
        ...process.env,
        QUARKUS_HTTP_HOST: '127.0.0.1',
        QUARKUS_HTTP_PORT: String(cfg.registry.port),
        QUARKUS_MANAGEMENT_HOST: '127.0.0.1',
        QUARKUS_MANAGEMENT_PORT: String(cfg.registry.managementPort),
        APICURIO_STORAGE_KIND: 'sql',
        APICURIO_STORAGE_SQL_KIND: 'postgresql',
        APICURIO_DATASOURCE_URL: db.url,
        APICURIO_DATASOURCE_USERNAME: db.user,
        APICURIO_DATASOURCE_PASSWORD: db.password,
      },
    });
  }
  await waitFor(
    `Schema registry (Apicurio, ${cfg.registry.url})`,
    () => probeRegistry(cfg.registry.connection),
    {
      timeoutMs: cfg.startTimeoutMs,
      logFile: proc.logFile,
      alive: () => runningPid(proc) !== undefined,
    },
  );
}
