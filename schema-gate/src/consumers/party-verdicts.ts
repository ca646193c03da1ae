/**
 * What a schema change means for the services on its topic: for each consumer, whether the reader
 * schema it was built with reads what the new schema writes; for each producer, whether the events
 * it wrote with earlier schemas stay readable by the new one. Avro resolution, as for the level's
 * verdict, but against the versions those services actually use.
 */
import { parseAvroSchema } from '@contract-events/contracts';
import type { SchemaInput, SchemaVersion } from '../compat/check-compatibility';
import {
  type CompatibilityBreak,
  type SemanticFinding,
  dedupe,
  resolveWithSemantics,
} from '../compat/resolve';
import { type ServicesManifest, partiesOf } from './services-manifest';

/** The verdict for one service on one topic. */
export interface PartyVerdict {
  readonly service: string;
  /** `consumer`: reads the new events with its built-in reader; `producer`: its old events read by the new schema. */
  readonly role: 'consumer' | 'producer';
  readonly topic: string;
  /** Labels of the schemas compared with the new one: the one built with, or the old versions. */
  readonly against: readonly string[];
  /** No break: Avro resolution reads every value (see {@link PartyVerdict.semantic} for their meaning). */
  readonly reads: boolean;
  readonly breaks: readonly CompatibilityBreak[];
  /** Values read, but with another meaning (a decimal's scale, a time unit, a logical type). */
  readonly semantic: readonly SemanticFinding[];
}

/** What {@link partyVerdicts} compares. */
export interface PartyInput {
  readonly manifest: ServicesManifest | undefined;
  readonly topic: string;
  readonly candidate: SchemaInput;
  /** The schema the deployed services were built with (consumers read with it). */
  readonly builtWith: SchemaVersion;
  /** Every version events on the topic may have been written with, oldest first. */
  readonly written: readonly SchemaVersion[];
}

/**
 * One verdict per consumer and per producer of the topic in the manifest (consumers first).
 * @throws ContractError `SCHEMA_INVALID` or GateError `FIELD_MATCH_AMBIGUOUS`, as the level check.
 */
export function partyVerdicts(input: PartyInput): PartyVerdict[] {
  const { consumers, producers } = partiesOf(input.manifest, input.topic);
  if (consumers.length === 0 && producers.length === 0) return [];
  const next = parseAvroSchema(input.candidate, 'new schema').root;
  const rootPath = 'name' in next ? next.name : '$';
  const reader = parseAvroSchema(input.builtWith.schema, input.builtWith.label).root;
  const consumer = resolveWithSemantics(reader, next, 'FORWARD', rootPath);
  const produced = input.written.map((v) => {
    const run = resolveWithSemantics(next, parseAvroSchema(v.schema, v.label).root, 'BACKWARD', rootPath);
    const tag = { against: v.label };
    return {
      breaks: run.breaks.map((b) => ({ ...b, ...tag })),
      semantic: run.semantic.map((f) => ({ ...f, ...tag })),
    };
  });
  const producer = {
    breaks: produced.flatMap((r) => r.breaks),
    semantic: dedupe(produced.flatMap((r) => r.semantic)),
  };
  const verdict = (
    service: string,
    role: PartyVerdict['role'],
    against: string[],
    found: { breaks: CompatibilityBreak[]; semantic: SemanticFinding[] },
  ): PartyVerdict => ({
    service,
    role,
    topic: input.topic,
    against,
    reads: found.breaks.length === 0,
    ...found,
  });
  return [
    ...consumers.map((s) => verdict(s, 'consumer', [input.builtWith.label], consumer)),
    ...producers.map((s) =>
      verdict(
        s,
        'producer',
        input.written.map((v) => v.label),
        producer,
      ),
    ),
  ];
}

/** Whether two schema texts differ once formatting is set aside. */
export function schemaChanged(before: SchemaInput, after: SchemaInput): boolean {
  const norm = (s: SchemaInput): string => {
    try {
      return JSON.stringify(typeof s === 'string' ? JSON.parse(s) : s);
    } catch {
      return String(s);
    }
  };
  return norm(before) !== norm(after);
}
