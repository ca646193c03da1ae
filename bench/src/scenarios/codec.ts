/**
 * Codec scenario: encodes and decodes per second of each event through the project's codec, side by
 * side with raw avsc (the floor: the same schema without logical types, no framing, no validation),
 * JSON and @kafkajs/confluent-schema-registry with a warm cache (it frames the same bytes, with avsc's
 * plain types). The registry's HTTP requests during the measured rounds are counted: after start-up
 * the codec must make none.
 *
 * Run alone: `npm run bench -- --only codec [--quick]`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { createEventCodec, createSchemaRegistry, type TopicName } from '@contract-events/runtime/tools';
import { loadStackConfig } from '@contract-events/stack';
import { Type, type Schema } from 'avsc';
import type { BenchContext, BenchRow, Scenario } from '../lib/types';

const SCENARIO = 'codec';
const OURS = 'contract-events';
const topics = ['user_created', 'order_created'] as const satisfies readonly TopicName[];
/** Distinct events per topic, so no branch or string cache sees the same value every time. */
const SAMPLE_SIZE = 256;

/** A measured operation: one call encodes or decodes sample `i`. */
type Op = (i: number) => unknown;
type AsyncOp = (i: number) => Promise<unknown>;

interface Candidate {
  subject: string;
  encode: Op | AsyncOp;
  decode: Op | AsyncOp;
  async: boolean;
  note?: string;
}

interface Timing {
  warmupMs: number;
  roundMs: number;
  rounds: number;
}

export const codecScenario: Scenario = async (ctx) => {
  const timing: Timing = ctx.quick
    ? { warmupMs: 150, roundMs: 150, rounds: 5 }
    : { warmupMs: 500, roundMs: 400, rounds: 9 };
  const stack = loadStackConfig(ctx.env);
  let registryRequests = 0;
  const countingFetch: typeof globalThis.fetch = (input, init) => {
    registryRequests += 1;
    return globalThis.fetch(input, init);
  };
  const registry = createSchemaRegistry({ ...stack.registry.connection, fetch: countingFetch });
  const library = new SchemaRegistry({ host: stack.registry.url });
  const run = randomBytes(4).toString('hex');
  const subjectFor = (topic: TopicName) => `bench_${run}_${topic}-value`;

  const rows: BenchRow[] = [];
  for (const topic of topics) {
    const schema = readContract(topic);
    await registry.register(subjectFor(topic), schema);
    const codec = createEventCodec({ registry, topics: [topic], subjectFor });
    await codec.init();

    const events = Array.from({ length: SAMPLE_SIZE }, (_, i) => sampleEvent(topic, i));
    const framed = await Promise.all(events.map((e) => codec.encode(topic, e as never)));
    const raw = Type.forSchema(withoutLogicalTypes(schema) as Schema);
    const rawEvents = framed.map((bytes) => raw.fromBuffer(bytes.subarray(5)) as unknown);
    const rawBodies = rawEvents.map((e) => raw.toBuffer(e));
    const json = events.map((e) => Buffer.from(JSON.stringify(e)));
    const { id: libraryId } = await library.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject: `bench_${run}_library_${topic}-value` },
    );
    const libraryFramed = await Promise.all(rawEvents.map((e) => library.encode(libraryId, e)));
    // The library fetches its schema on first use: warm its cache before anything is timed.
    await library.decode(libraryFramed[0] as Buffer);

    const at = <T>(list: readonly T[], i: number): T => list[i % SAMPLE_SIZE] as T;
    const candidates: Candidate[] = [
      {
        subject: OURS,
        async: false,
        encode: (i) => codec.encodeSync(topic, at(events, i) as never),
        decode: (i) => codec.decodeSync(topic, at(framed, i)),
        note: 'encodeSync/decodeSync: validates, logical types (uuid, Date, decimal string), framed',
      },
      {
        subject: `${OURS} (awaited encode/decode)`,
        async: true,
        encode: (i) => codec.encode(topic, at(events, i) as never),
        decode: (i) => codec.decode(topic, at(framed, i)),
        note: 'the promise API, one await per event',
      },
      {
        subject: 'raw avsc',
        async: false,
        encode: (i) => raw.toBuffer(at(rawEvents, i)),
        decode: (i) => raw.fromBuffer(at(rawBodies, i)),
        note: 'schema without logical types, no framing, no validation',
      },
      {
        subject: 'JSON',
        async: false,
        encode: (i) => Buffer.from(JSON.stringify(at(events, i))),
        decode: (i) => JSON.parse(at(json, i).toString('utf8')) as unknown,
        note: 'JSON.stringify + Buffer.from / JSON.parse; no schema',
      },
      {
        subject: '@kafkajs/confluent-schema-registry',
        async: true,
        encode: (i) => library.encode(libraryId, at(rawEvents, i)),
        decode: (i) => library.decode(at(libraryFramed, i)),
        note: 'warm cache, avsc plain types (no logical types)',
      },
    ];

    // The first decode of an id fetches its writer schema once: start-up, not steady state.
    await codec.decode(topic, framed[0] as Buffer);
    const requestsBefore = registryRequests;
    for (const op of ['encode', 'decode'] as const) {
      const caseName = `${op} ${topic}`;
      const medians = await measureSideBySide(ctx, caseName, candidates, op, timing);
      const ours = medians.get(OURS) ?? 0;
      for (const candidate of candidates) {
        const value = medians.get(candidate.subject) ?? 0;
        rows.push({
          scenario: SCENARIO,
          case: caseName,
          subject: candidate.subject,
          metric: `${op}s per CPU second`,
          value: Math.round(value),
          unit: 'ops/s',
          ...(candidate.subject === OURS ? {} : { ratio: round2(ours / value) }),
          note:
            candidate.subject === OURS
              ? `${candidate.note}; median of ${timing.rounds} rounds`
              : `ratio = contract-events / peer; ${candidate.note}`,
        });
      }
    }
    rows.push({
      scenario: SCENARIO,
      case: `steady state ${topic}`,
      subject: OURS,
      metric: 'registry HTTP requests',
      value: registryRequests - requestsBefore,
      unit: 'requests',
      note: 'requests the codec made during the measured rounds (target 0)',
    });
  }
  return rows;
};

/**
 * Runs every candidate for one operation in turn, round after round, so that the machine's drift
 * (2 shared cores) spreads over all of them; returns each one's median rate.
 */
async function measureSideBySide(
  ctx: BenchContext,
  caseName: string,
  candidates: Candidate[],
  op: 'encode' | 'decode',
  timing: Timing,
): Promise<Map<string, number>> {
  const rates = new Map<string, number[]>(candidates.map((c) => [c.subject, []]));
  for (const candidate of candidates) await timeFor(candidate, op, timing.warmupMs);
  for (let round = 0; round < timing.rounds; round++) {
    for (const candidate of candidates) {
      rates.get(candidate.subject)?.push(await timeFor(candidate, op, timing.roundMs));
    }
  }
  const medians = new Map([...rates].map(([subject, list]) => [subject, median(list)]));
  ctx.log(
    `codec: ${caseName}: ${[...medians].map(([s, r]) => `${s} ${Math.round(r).toLocaleString('en')}/s`).join(', ')}`,
  );
  return medians;
}

/**
 * Operations per CPU second of this process over about `ms` milliseconds of wall time. CPU time, not
 * wall time: on a shared machine the other processes' load would otherwise decide who wins a round.
 * The clock is read once per batch.
 */
async function timeFor(candidate: Candidate, op: 'encode' | 'decode', ms: number): Promise<number> {
  const fn = candidate[op];
  const batch = 512;
  const start = performance.now();
  const cpuAtStart = process.cpuUsage();
  let done = 0;
  do {
    if (candidate.async) {
      for (let i = 0; i < batch; i++) await (fn as AsyncOp)(done + i);
    } else {
      for (let i = 0; i < batch; i++) (fn as Op)(done + i);
    }
    done += batch;
  } while (performance.now() - start < ms);
  const cpu = process.cpuUsage(cpuAtStart);
  return (done * 1e6) / (cpu.user + cpu.system);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function readContract(topic: TopicName): object {
  const file = path.resolve(__dirname, '..', '..', '..', 'schemas', `${topic}.avsc`);
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

/** The schema with every `logicalType` attribute dropped: what raw avsc reads as plain types. */
function withoutLogicalTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutLogicalTypes);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== 'logicalType')
      .map(([key, value]) => [key, withoutLogicalTypes(value)]),
  );
}

/** A valid event; `i` varies the ids, the time and the amount. */
function sampleEvent(topic: TopicName, i: number): object {
  const occurred_at = new Date(Date.UTC(2026, 10, 24, 10, 0, 0) + i * 1013);
  if (topic === 'user_created') {
    return {
      event_id: randomUUID(),
      occurred_at,
      user_id: randomUUID(),
      email: `user${i}@example.com`,
      name: `User Number ${i}`,
    };
  }
  return {
    event_id: randomUUID(),
    occurred_at,
    order_id: randomUUID(),
    user_id: randomUUID(),
    amount: `${(i * 7919) % 100000}.${String(i % 100).padStart(2, '0')}`,
    currency: 'EUR',
  };
}
