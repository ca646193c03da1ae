import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createKafkaTransport, type KafkaConnection } from '@contract-events/runtime/tools';
import type { StackConfig } from '../config/stack-config';
import { ensureKafkaJars } from '../toolchain/maven';
import { findJavas, pickJava } from '../toolchain/prerequisites';
import { managedProcess, runningPid, startDetached, type ManagedProcess } from '../process/managed-process';
import { KAFKA_MIN_JAVA } from '../config/versions';
import { waitFor } from '../process/wait-ready';
import {
  forgetSecuredListener,
  prepareSecuredListener,
  type SecuredListenerStart,
} from './kafka-secured-listener';

export const kafkaProcess = (cfg: StackConfig): ManagedProcess => managedProcess(cfg.stateDir, 'kafka');

function serverProperties(cfg: StackConfig, dataDir: string): string {
  const { port, controllerPort } = cfg.kafka;
  return [
    '# Single-node KRaft: one process is both broker and controller.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Topics come from schemas/topics.json through `npm run schemas:register`; tests create their own.
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.org.apache.kafka=WARN',
  '',
].join('\n');

/** An admin round trip through the runtime's transport: the broker answers metadata requests. */
export async function probeKafka(connection: KafkaConnection): Promise<void> {
  const admin = await createKafkaTransport({
    ...connection,
    clientId: 'stack-probe',
    failFast: true,
  }).admin();
  try {
    await admin.ping();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Starts the broker unless it runs already and waits until it answers, on its SASL_SSL listener too
 * when this start gives it one (kafka-secured-listener.ts; none with `STACK_KAFKA_SASL_PORT=0`).
 */
export async function startKafka(cfg: StackConfig): Promise<void> {
  const proc = kafkaProcess(cfg);
  // A broker already answering there (another checkout's stack) is used rather than fought over.
  const answering = await probeKafka(cfg.kafka).then(
    () => true,
    () => false,
  );
  let secured: SecuredListenerStart | undefined;
  if (runningPid(proc) === undefined && answering) forgetSecuredListener(cfg);
  if (runningPid(proc) === undefined && !answering) {
    const libs = ensureKafkaJars(cfg.repoRoot, cfg.cacheDir);
    const java = pickJava(findJavas(), KAFKA_MIN_JAVA);
    if (!java) throw new Error(`Kafka needs Java >= ${KAFKA_MIN_JAVA}`);
    const home = path.join(cfg.stateDir, 'kafka');
    const dataDir = path.join(home, 'data');
    fs.mkdirSync(home, { recursive: true });
    const props = path.join(home, 'server.properties');
    const log4j = path.join(home, 'log4j.properties');
    fs.writeFileSync(log4j, LOG4J);
    const classpath = `${libs}/*`;
    secured = prepareSecuredListener(cfg, { bin: java.bin, classpath, log4j });
    fs.writeFileSync(props, secured.properties(serverProperties(cfg, dataDir)), { mode: 0o600 });
    if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
      formatStorage(java.bin, classpath, props, secured.formatArgs);
    }
    startDetached(proc, java.bin, [
      '-Xms256m',
      '-Xmx1g',
      `-Dlog4j.configuration=file:${path.join(home, 'log4j.properties')}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      props,
    ]);
  }
  const wait = {
    timeoutMs: cfg.startTimeoutMs,
    logFile: proc.logFile,
    alive: () => runningPid(proc) !== undefined,
  };
  await waitFor(`Kafka (${cfg.kafka.brokers.join(',')})`, () => probeKafka(cfg.kafka), wait);
  await secured?.ready((what, probe) => waitFor(what, probe, wait), probeKafka);
}

function formatStorage(javaBin: string, classpath: string, props: string, extraArgs: string[]): void {
  const id = spawnSync(javaBin, ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'], {
    encoding: 'utf8',
  });
  const clusterId = id.stdout.trim().split('\n').pop();
  if (id.status !== 0 || !clusterId) throw new Error(`kafka-storage random-uuid failed: ${id.stderr}`);
  const fmt = spawnSync(
    javaBin,
    ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props, ...extraArgs],
    {
      encoding: 'utf8',
    },
  );
  if (fmt.status !== 0) throw new Error(`kafka-storage format failed: ${fmt.stderr || fmt.stdout}`);
}
