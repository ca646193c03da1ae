import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createKafkaTransport, type KafkaConnection } from '@contract-events/runtime/tools';
import { nodePorts, type StackConfig } from '../config/stack-config';
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

/** Node 1 keeps the single-node stack's names (`kafka.pid`, `.stack/kafka/`); node n is `kafka-n`. */
const nodeName = (node: number) => (node === 1 ? 'kafka' : `kafka-${node}`);
const nodeIds = (cfg: StackConfig) => Array.from({ length: cfg.kafka.nodes }, (_, i) => i + 1);

/** The process of one KRaft node (node 1 unless told), for a test that kills and restarts it. */
export const kafkaProcess = (cfg: StackConfig, node = 1): ManagedProcess =>
  managedProcess(cfg.stateDir, nodeName(node));

/** Every node this stack starts, and any other node's pid file left in the state directory. */
export function kafkaProcesses(cfg: StackConfig): ManagedProcess[] {
  const started = fs.existsSync(cfg.stateDir)
    ? fs
        .readdirSync(cfg.stateDir)
        .map((file) => /^kafka-(\d+)\.pid$/.exec(file)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number)
    : [];
  const nodes = [...new Set([...nodeIds(cfg), ...started])].sort((a, b) => a - b);
  return nodes.map((node) => kafkaProcess(cfg, node));
}

/** One node's PLAINTEXT address. */
export const kafkaNodeBroker = (cfg: StackConfig, node: number): string =>
  `127.0.0.1:${nodePorts(cfg.kafka.port, cfg.kafka.nodes)[node - 1]}`;

/**
 * The replication settings of a production cluster where the stack has the nodes for them
 * (replication factor 3, two in sync to acknowledge a write), and 1 on a single node. Topics whose
 * contract sets no replication factor take these broker defaults (`schemas/topics.json`).
 */
export function replicationDefaults(nodes: number): { replicationFactor: number; minInsyncReplicas: number } {
  return { replicationFactor: Math.min(3, nodes), minInsyncReplicas: Math.min(2, nodes) };
}

function serverProperties(cfg: StackConfig, node: number, dataDir: string): string {
  const { nodes } = cfg.kafka;
  const port = nodePorts(cfg.kafka.port, nodes)[node - 1];
  const controllerPorts = nodePorts(cfg.kafka.controllerPort, nodes);
  const voters = controllerPorts.map((p, i) => `${i + 1}@127.0.0.1:${p}`).join(',');
  const { replicationFactor, minInsyncReplicas } = replicationDefaults(nodes);
  return [
    nodes === 1
      ? '# Single-node KRaft: one process is both broker and controller.'
      : `# Node ${node} of a ${nodes}-node KRaft cluster: each process is both broker and controller.`,
    'process.roles=broker,controller',
    `node.id=${node}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPorts[node - 1]}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    // What a topic created without its own settings gets: the contract topics, the dead-letter topics.
    `default.replication.factor=${replicationFactor}`,
    `min.insync.replicas=${minInsyncReplicas}`,
    `offsets.topic.replication.factor=${replicationFactor}`,
    `transaction.state.log.replication.factor=${replicationFactor}`,
    `transaction.state.log.min.isr=${minInsyncReplicas}`,
    // Only a replica that was in sync may lead: a write acknowledged by two replicas is never lost.
    'unclean.leader.election.enable=false',
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

interface KafkaJava {
  bin: string;
  classpath: string;
  log4j: string;
}

/**
 * Starts every node that is not running and waits until each answers, on node 1's SASL_SSL listener too
 * when this start gives it one (kafka-secured-listener.ts; a single node only, and none with
 * `STACK_KAFKA_SASL_PORT=0`). A killed node of a running cluster is started again the same way.
 */
export async function startKafka(cfg: StackConfig): Promise<void> {
  // A broker already answering there (another checkout's stack) is used rather than fought over.
  const answering = await Promise.all(nodeIds(cfg).map((node) => nodeAnswers(cfg, node)));
  const toStart = nodeIds(cfg).filter(
    (node) => runningPid(kafkaProcess(cfg, node)) === undefined && !answering[node - 1],
  );
  if (runningPid(kafkaProcess(cfg)) === undefined && answering[0]) forgetSecuredListener(cfg);
  let secured: SecuredListenerStart | undefined;
  if (toStart.length > 0) {
    const java = kafkaJava(cfg);
    const clusterId = clusterIdFor(cfg, java);
    if (toStart.includes(1)) secured = prepareSecuredListener(cfg, java);
    for (const node of toStart) startNode(cfg, node, java, clusterId, node === 1 ? secured : undefined);
  }
  await Promise.all(
    nodeIds(cfg).map((node) => {
      const proc = kafkaProcess(cfg, node);
      return waitFor(`Kafka node ${node} (${kafkaNodeBroker(cfg, node)})`, () => probeNode(cfg, node), {
        timeoutMs: cfg.startTimeoutMs,
        logFile: proc.logFile,
        alive: () => runningPid(proc) !== undefined || answering[node - 1] === true,
      });
    }),
  );
  const node1 = kafkaProcess(cfg);
  await secured?.ready(
    (what, probe) =>
      waitFor(what, probe, {
        timeoutMs: cfg.startTimeoutMs,
        logFile: node1.logFile,
        alive: () => runningPid(node1) !== undefined,
      }),
    probeKafka,
  );
}

const probeNode = (cfg: StackConfig, node: number) =>
  probeKafka({ ...cfg.kafka, brokers: [kafkaNodeBroker(cfg, node)] });

const nodeAnswers = (cfg: StackConfig, node: number) =>
  probeNode(cfg, node).then(
    () => true,
    () => false,
  );

function kafkaJava(cfg: StackConfig): KafkaJava {
  const libs = ensureKafkaJars(cfg.repoRoot, cfg.cacheDir);
  const java = pickJava(findJavas(), KAFKA_MIN_JAVA);
  if (!java) throw new Error(`Kafka needs Java >= ${KAFKA_MIN_JAVA}`);
  const log4j = path.join(cfg.stateDir, 'kafka-log4j.properties');
  fs.mkdirSync(cfg.stateDir, { recursive: true });
  fs.writeFileSync(log4j, LOG4J);
  return { bin: java.bin, classpath: `${libs}/*`, log4j };
}

function startNode(
  cfg: StackConfig,
  node: number,
  java: KafkaJava,
  clusterId: string,
  secured: SecuredListenerStart | undefined,
): void {
  const home = path.join(cfg.stateDir, nodeName(node));
  const dataDir = path.join(home, 'data');
  fs.mkdirSync(home, { recursive: true });
  const props = path.join(home, 'server.properties');
  const base = serverProperties(cfg, node, dataDir);
  fs.writeFileSync(props, secured ? secured.properties(base) : base, { mode: 0o600 });
  if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
    formatStorage(java, props, clusterId, secured?.formatArgs ?? []);
  }
  // Three JVMs share a developer machine: each gets less heap than a lone broker.
  const heap = cfg.kafka.nodes === 1 ? ['-Xms256m', '-Xmx1g'] : ['-Xms128m', '-Xmx512m'];
  startDetached(kafkaProcess(cfg, node), java.bin, [
    ...heap,
    `-Dlog4j.configuration=file:${java.log4j}`,
    '-cp',
    java.classpath,
    'kafka.Kafka',
    props,
  ]);
}

/**
 * The cluster id every node is formatted with, kept in `.stack/kafka-cluster.json` with the node
 * count: data formatted for another count cannot join this quorum, so that is refused up front.
 */
function clusterIdFor(cfg: StackConfig, java: KafkaJava): string {
  const file = path.join(cfg.stateDir, 'kafka-cluster.json');
  const formatted = nodeIds(cfg).some((node) =>
    fs.existsSync(path.join(cfg.stateDir, nodeName(node), 'data', 'meta.properties')),
  );
  const saved = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { clusterId: string; nodes: number })
    : undefined;
  // A data directory from before this file existed is a single node's.
  const savedNodes = saved?.nodes ?? (formatted ? 1 : undefined);
  if (savedNodes !== undefined && savedNodes !== cfg.kafka.nodes && (formatted || saved)) {
    throw new Error(
      `${cfg.stateDir} holds a Kafka formatted for ${savedNodes} node(s) and STACK_KAFKA_BROKERS asks for ${cfg.kafka.nodes}: ` +
        `run \`npm run stack:down\` and delete ${cfg.stateDir}/kafka*, or use another STACK_STATE_DIR`,
    );
  }
  if (saved) return saved.clusterId;
  const clusterId = formatted
    ? readClusterId(path.join(cfg.stateDir, 'kafka', 'data'))
    : randomClusterId(java);
  fs.writeFileSync(file, `${JSON.stringify({ clusterId, nodes: cfg.kafka.nodes })}\n`);
  return clusterId;
}

function readClusterId(dataDir: string): string {
  const meta = fs.readFileSync(path.join(dataDir, 'meta.properties'), 'utf8');
  const id = /^cluster\.id=(.+)$/m.exec(meta)?.[1];
  if (!id) throw new Error(`no cluster.id in ${dataDir}/meta.properties`);
  return id.trim();
}

function randomClusterId(java: KafkaJava): string {
  const id = spawnSync(java.bin, ['-cp', java.classpath, 'kafka.tools.StorageTool', 'random-uuid'], {
    encoding: 'utf8',
  });
  const clusterId = id.stdout.trim().split('\n').pop();
  if (id.status !== 0 || !clusterId) throw new Error(`kafka-storage random-uuid failed: ${id.stderr}`);
  return clusterId;
}

function formatStorage(java: KafkaJava, props: string, clusterId: string, extraArgs: string[]): void {
  const fmt = spawnSync(
    java.bin,
    ['-cp', java.classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props, ...extraArgs],
    { encoding: 'utf8' },
  );
  if (fmt.status !== 0) throw new Error(`kafka-storage format failed: ${fmt.stderr || fmt.stdout}`);
}
