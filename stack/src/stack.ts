import fs from 'node:fs';
import { embeddedPostgresProcess, probePostgres, redact, startPostgres } from './components/postgres';
import { kafkaNodeBroker, kafkaProcess, kafkaProcesses, probeKafka, startKafka } from './components/kafka';
import { readSecuredListener, securedListenerFile } from './components/kafka-secured-listener';
import { probeRegistry, registryProcess, startRegistry } from './components/registry';
import type { StackConfig } from './config/stack-config';
import { checkPrerequisites } from './toolchain/prerequisites';
import { runningPid, stopProcess, type ManagedProcess } from './process/managed-process';
import { APICURIO_MIN_JAVA, KAFKA_MIN_JAVA } from './config/versions';
import { waitFor } from './process/wait-ready';

export interface ComponentStatus {
  name: string;
  url: string;
  up: boolean;
  managed: boolean;
  pid?: number;
  detail: string;
  logFile?: string;
}

/** Brings up what is not running yet; components whose URLs point elsewhere are only waited for. */
export async function stackUp(cfg: StackConfig, log: (line: string) => void = console.log): Promise<void> {
  const needJava: number[] = [];
  if (!cfg.kafka.external) needJava.push(KAFKA_MIN_JAVA);
  if (!cfg.registry.external) needJava.push(APICURIO_MIN_JAVA);
  checkPrerequisites({ needJava, needMaven: needJava.length > 0 });
  fs.mkdirSync(cfg.stateDir, { recursive: true });

  const pgMode = await startPostgres(cfg);
  log(`PostgreSQL ready (${pgMode}): ${Object.values(cfg.postgres.databases).map(redact).join(', ')}`);
  const timeoutMs = cfg.startTimeoutMs;
  await Promise.all([
    (cfg.kafka.external
      ? waitFor(`Kafka (${cfg.kafka.brokers.join(',')})`, () => probeKafka(cfg.kafka), { timeoutMs })
      : startKafka(cfg)
    ).then(() => {
      log(`Kafka ready: ${cfg.kafka.brokers.join(',')}`);
      const secured = cfg.kafka.external ? undefined : readSecuredListener(cfg);
      if (secured) {
        log(
          `Kafka SASL_SSL listener: ${secured.brokers.join(',')} (PLAIN, SCRAM-SHA-512; CA and users in ${securedListenerFile(cfg)})`,
        );
      }
    }),
    (cfg.registry.external
      ? waitFor(`Schema registry (${cfg.registry.url})`, () => probeRegistry(cfg.registry.connection), {
          timeoutMs,
        })
      : startRegistry(cfg)
    ).then(() => log(`Schema registry ready: ${cfg.registry.url}`)),
  ]);
}

/** Stops every process this stack started (registry first: it stores into PostgreSQL). */
export async function stackDown(cfg: StackConfig, log: (line: string) => void = console.log): Promise<void> {
  for (const proc of [registryProcess(cfg), ...kafkaProcesses(cfg), embeddedPostgresProcess(cfg)]) {
    const stopped = await stopProcess(proc);
    log(stopped ? `stopped ${proc.name}` : `${proc.name}: not running`);
  }
}

async function componentStatus(
  name: string,
  url: string,
  proc: ManagedProcess,
  managed: boolean,
  probe: () => Promise<void>,
): Promise<ComponentStatus> {
  const pid = runningPid(proc);
  const base = { name, url, managed, logFile: managed ? proc.logFile : undefined };
  if (managed && pid === undefined) return { ...base, up: false, detail: 'process not running' };
  try {
    await probe();
    return { ...base, up: true, pid, detail: managed ? `pid ${pid}` : 'external' };
  } catch (err) {
    return { ...base, up: false, pid, detail: `not answering: ${(err as Error).message}` };
  }
}

export async function stackStatus(cfg: StackConfig): Promise<ComponentStatus[]> {
  const pgProc = embeddedPostgresProcess(cfg);
  return Promise.all([
    componentStatus('postgres', redact(cfg.postgres.adminUrl), pgProc, runningPid(pgProc) !== undefined, () =>
      probePostgres(cfg.postgres.adminUrl),
    ),
    ...(cfg.kafka.external || cfg.kafka.nodes === 1
      ? [
          componentStatus('kafka', cfg.kafka.brokers.join(','), kafkaProcess(cfg), !cfg.kafka.external, () =>
            probeKafka(cfg.kafka),
          ),
        ]
      : Array.from({ length: cfg.kafka.nodes }, (_, i) => {
          const proc = kafkaProcess(cfg, i + 1);
          const broker = kafkaNodeBroker(cfg, i + 1);
          return componentStatus(proc.name, broker, proc, true, () =>
            probeKafka({ ...cfg.kafka, brokers: [broker] }),
          );
        })),
    componentStatus('registry', cfg.registry.url, registryProcess(cfg), !cfg.registry.external, () =>
      probeRegistry(cfg.registry.connection),
    ),
  ]);
}

export function logFiles(cfg: StackConfig): ManagedProcess[] {
  return [...kafkaProcesses(cfg), registryProcess(cfg), embeddedPostgresProcess(cfg)];
}
