/**
 * Kafka's own performance tools (org.apache.kafka:kafka-tools, at the broker's version, resolved from
 * Maven Central like the broker's jars) run against the stack's broker: Kafka's limit on this machine.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  ensureKafkaJars,
  ensureKafkaTools,
  findJavas,
  KAFKA_MIN_JAVA,
  pickJava,
  type StackConfig,
} from '@contract-events/stack';

function classpath(stack: StackConfig): string {
  const jars = ensureKafkaJars(stack.repoRoot, stack.cacheDir);
  const tools = ensureKafkaTools(stack.repoRoot, stack.cacheDir);
  return [path.join(jars, '*'), path.join(tools, '*')].join(path.delimiter);
}

/** Runs one tool's main class; resolves with its stdout, rejects with its stderr on a non-zero exit. */
async function runTool(stack: StackConfig, mainClass: string, args: string[]): Promise<string> {
  const java = pickJava(findJavas(), KAFKA_MIN_JAVA);
  if (!java) throw new Error(`Kafka's tools need Java ${KAFKA_MIN_JAVA} or newer`);
  const child = spawn(java.bin, ['-Xmx512m', '-cp', classpath(stack), mainClass, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${mainClass} exited ${code}: ${err.slice(-2000)}`);
  return out;
}

export interface ProducerPerfResult {
  recordsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** "N records sent, X records/sec (..), A ms avg latency, M ms max latency, P50 ms 50th, .., P99 ms 99th, .." */
export function parseProducerPerformance(out: string): ProducerPerfResult {
  const last = out
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.includes('records sent'));
  const m = last && /([\d.]+) records\/sec.* (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th/.exec(last);
  if (!m) throw new Error(`ProducerPerformance: no summary in ${out.slice(-500)}`);
  return { recordsPerSec: Number(m[1]), p50Ms: Number(m[2]), p99Ms: Number(m[4]) };
}

/** The CSV line after the header: ..., data.consumed.in.nMsg, nMsg.sec, ... */
export function parseConsumerPerformance(out: string): { messagesPerSec: number; messages: number } {
  const lines = out.trim().split('\n');
  const header = lines.findIndex((l) => l.includes('nMsg.sec'));
  const cols = header >= 0 ? lines[header]!.split(',').map((s) => s.trim()) : [];
  const values = header >= 0 ? lines[header + 1]?.split(',').map((s) => s.trim()) : undefined;
  if (!values) throw new Error(`ConsumerPerformance: no figures in ${out.slice(-500)}`);
  return {
    messagesPerSec: Number(values[cols.indexOf('nMsg.sec')]),
    messages: Number(values[cols.indexOf('data.consumed.in.nMsg')]),
  };
}

/** "Avg latency: X ms" and "Percentiles: 50th = A, 99th = B, 99.9th = C". */
export function parseEndToEndLatency(out: string): { p50Ms: number; p99Ms: number } {
  const m = /50th = ([\d.]+), 99th = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`EndToEndLatency: no percentiles in ${out.slice(-500)}`);
  return { p50Ms: Number(m[1]), p99Ms: Number(m[2]) };
}

const bootstrap = (stack: StackConfig) => stack.kafka.brokers.join(',');

/** ProducerPerformance with acks=all and idempotence, as fast as it can, records of `recordSize` bytes. */
export async function producerPerformance(
  stack: StackConfig,
  topic: string,
  records: number,
  recordSize: number,
): Promise<ProducerPerfResult> {
  const out = await runTool(stack, 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${bootstrap(stack)}`,
    'acks=all',
    'enable.idempotence=true',
  ]);
  return parseProducerPerformance(out);
}

/** ConsumerPerformance reading `messages` records of `topic` from the beginning. */
export async function consumerPerformance(stack: StackConfig, topic: string, messages: number) {
  const out = await runTool(stack, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    bootstrap(stack),
    '--topic',
    topic,
    '--messages',
    String(messages),
    '--timeout',
    '60000',
  ]);
  return parseConsumerPerformance(out);
}

/** EndToEndLatency: one record at a time, produced with acks=all and consumed back. */
export async function endToEndLatency(
  stack: StackConfig,
  topic: string,
  messages: number,
  recordSize: number,
) {
  const out = await runTool(stack, 'org.apache.kafka.tools.EndToEndLatency', [
    bootstrap(stack),
    topic,
    String(messages),
    'all',
    String(recordSize),
  ]);
  return parseEndToEndLatency(out);
}
