/**
 * Scenario 2, pipeline: order_created through the outbox, Kafka and the consumer into the user
 * service's projection, beside Kafka's own limit, PostgreSQL's limit and the seeds' plain design.
 */
import { ratio } from '../lib/stats';
import { stackOf } from '../lib/system';
import type { BenchRow, Scenario } from '../lib/types';
import { kafkaTools, plainDesign, postgresAlone } from './pipeline-peers';
import { runPipeline } from './pipeline-run';

/**
 * The Kafka clients the pipeline runs with, through the runtime's own config (KAFKA_CLIENT in the
 * service processes' environment): both by default; the first is the runtime's default and carries no
 * KAFKA_CLIENT. BENCH_KAFKA_CLIENTS=kafkajs runs one.
 */
export function pipelineClients(env: NodeJS.ProcessEnv): string[] {
  return (env.BENCH_KAFKA_CLIENTS ?? 'kafkajs,platformatic')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const BATCH = 100;
const WRITERS = 4;

export const pipelineScenario: Scenario = async (ctx) => {
  const stack = stackOf(ctx.env);
  // The issue asks for 10+ seconds end to end: 150,000 events at up to 15,000 a second.
  const events = ctx.quick ? 5_000 : 150_000;
  const plainEvents = ctx.quick ? 1_000 : 5_000;
  const latencyMessages = ctx.quick ? 1_000 : 5_000;
  const rows: BenchRow[] = [];
  const what = 'order_created outbox → Kafka → projection';
  const row = (r: Omit<BenchRow, 'scenario'>) => rows.push({ scenario: 'pipeline', ...r });

  const [defaultClient, ...otherClients] = pipelineClients(ctx.env);
  ctx.log(`pipeline: ${events} events through the runtime (${defaultClient})`);
  const ours = await runPipeline(stack, {
    events,
    batch: BATCH,
    writers: WRITERS,
    serviceEnv: ctx.env,
    log: ctx.log,
  });
  const setup = `${events} events, ${WRITERS} writers × ${BATCH}/transaction, acks=all, ${ours.seconds.toFixed(1)} s`;
  row({
    case: what,
    subject: 'contract-events',
    metric: 'throughput',
    value: ours.eventsPerSec,
    unit: 'events/s',
    note: setup,
  });
  row({
    case: what,
    subject: 'contract-events',
    metric: 'commit→projection p50',
    value: ours.p50Ms,
    unit: 'ms',
    note: 'at full throughput: includes the backlog',
  });
  row({
    case: what,
    subject: 'contract-events',
    metric: 'commit→projection p99',
    value: ours.p99Ms,
    unit: 'ms',
  });
  row({
    case: 'outbox writes alone',
    subject: 'contract-events',
    metric: 'throughput',
    value: ours.writeRate,
    unit: 'events/s',
    note: 'outbox.enqueue, same writers',
  });
  for (const [process, cores] of Object.entries(ours.cpu)) {
    row({
      case: `profile: ${process}`,
      subject: 'contract-events',
      metric: 'CPU during the run',
      value: cores,
      unit: 'cores',
      note: 'of 2; PostgreSQL not counted',
    });
  }

  for (const client of otherClients) {
    ctx.log(`pipeline: ${events} events through the runtime with KAFKA_CLIENT=${client}`);
    const other = await runPipeline(stack, {
      events,
      batch: BATCH,
      writers: WRITERS,
      serviceEnv: { ...ctx.env, KAFKA_CLIENT: client },
      log: ctx.log,
    });
    const subject = `contract-events (${client})`;
    row({
      case: what,
      subject,
      metric: 'throughput',
      value: other.eventsPerSec,
      unit: 'events/s',
      ratio: ratio(ours.eventsPerSec, other.eventsPerSec),
      note: `ours (${defaultClient}) / this`,
    });
    row({ case: what, subject, metric: 'commit→projection p50', value: other.p50Ms, unit: 'ms' });
    row({ case: what, subject, metric: 'commit→projection p99', value: other.p99Ms, unit: 'ms' });
  }

  ctx.log(`pipeline: Kafka's perf tools, ${events} records of ${ours.recordSize} B`);
  const kafka = await kafkaTools(stack, events, ours.recordSize, latencyMessages);
  const toolNote = `ours / this; ${ours.recordSize} B records (our encoded size)`;
  row({
    case: 'produce',
    subject: 'Kafka ProducerPerformance',
    metric: 'throughput',
    value: kafka.producerPerSec,
    unit: 'records/s',
    ratio: ratio(ours.eventsPerSec, kafka.producerPerSec),
    note: `${toolNote}, acks=all, idempotence`,
  });
  row({
    case: 'consume',
    subject: 'Kafka ConsumerPerformance',
    metric: 'throughput',
    value: kafka.consumerPerSec,
    unit: 'records/s',
    ratio: ratio(ours.eventsPerSec, kafka.consumerPerSec),
    note: toolNote,
  });
  row({
    case: 'produce → consume',
    subject: 'Kafka EndToEndLatency',
    metric: 'p50',
    value: kafka.e2eP50Ms,
    unit: 'ms',
    ratio: ratio(ours.p50Ms, kafka.e2eP50Ms),
    note: `ours / this; one record at a time, ${latencyMessages} records`,
  });
  row({
    case: 'produce → consume',
    subject: 'Kafka EndToEndLatency',
    metric: 'p99',
    value: kafka.e2eP99Ms,
    unit: 'ms',
    ratio: ratio(ours.p99Ms, kafka.e2eP99Ms),
  });

  ctx.log(`pipeline: PostgreSQL alone, ${events} rows each side`);
  const pg = await postgresAlone(stack, events, BATCH, WRITERS, Buffer.alloc(ours.recordSize, 1));
  row({
    case: 'outbox rows ‖ inbox + projection rows',
    subject: 'PostgreSQL alone',
    metric: 'throughput',
    value: pg,
    unit: 'rows/s',
    ratio: ratio(ours.eventsPerSec, pg),
    note: `ours / this; multi-row INSERTs, ${WRITERS} × ${BATCH}/transaction per side`,
  });

  const kafkaLimit = Math.min(kafka.producerPerSec, kafka.consumerPerSec);
  const limit = Math.min(kafkaLimit, pg);
  row({
    case: what,
    subject: `limit (${limit === pg ? 'PostgreSQL' : 'Kafka'}, the slower)`,
    metric: 'throughput',
    value: limit,
    unit: 'events/s',
    ratio: ratio(ours.eventsPerSec, limit),
    note: 'ours / this; target ≥ 0.5',
  });

  ctx.log(`pipeline: the seeds' plain design, ${plainEvents} events`);
  const plain = await plainDesign(stack, plainEvents, BATCH);
  const plainSubject = 'plain kafkajs (JSON, eachMessage)';
  row({
    case: what,
    subject: plainSubject,
    metric: 'throughput',
    value: plain.eventsPerSec,
    unit: 'events/s',
    ratio: ratio(ours.eventsPerSec, plain.eventsPerSec),
    note: `ours / this; target ≥ 3; ${plainEvents} events, one INSERT + one offset commit each`,
  });
  row({ case: what, subject: plainSubject, metric: 'send→row p50', value: plain.p50Ms, unit: 'ms' });
  row({ case: what, subject: plainSubject, metric: 'send→row p99', value: plain.p99Ms, unit: 'ms' });
  return rows;
};
