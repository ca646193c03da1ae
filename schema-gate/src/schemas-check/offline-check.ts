/**
 * Mode (b): compare each working-tree schema listed in topics.json with its version(s) at a
 * git ref, at the topic's configured compatibility level.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopicContract, readTopicDeclarations } from '@contract-events/contracts';
import { type SemanticMode, checkAgainstVersions } from '../compat/check-compatibility';
import { levelRule } from '../compat/levels';
import { type PartyVerdict, partyVerdicts, schemaChanged } from '../consumers/party-verdicts';
import {
  SERVICES_MANIFEST_PATH,
  type ServicesManifest,
  parseServicesManifest,
  partiesOf,
  readServicesManifest,
} from '../consumers/services-manifest';
import { defaultBaseRef, fileAt, fileHistory, resolveCommit } from './git-history';
import { type SchemaReport, errorReport, locateParties, withLines } from './report';

/**
 * The services at `commit` (what is deployed: built from the base), else the working tree's (the
 * manifest is new on this branch).
 */
function manifestFor(root: string, commit: string): ServicesManifest | undefined {
  const atCommit = fileAt(root, commit, SERVICES_MANIFEST_PATH);
  return (atCommit !== undefined ? parseServicesManifest(atCommit) : undefined) ?? readServicesManifest(root);
}

/** Where and against what to run the offline check. */
export interface OfflineOptions {
  /** Repository root (git top level) holding schemas/. */
  readonly root: string;
  /** Ref to compare with; default merge-base of HEAD and main. */
  readonly ref?: string;
  /** Replaces each topic's `semanticChanges` from topics.json for this run (`--semantic`). */
  readonly semantic?: SemanticMode;
}

/**
 * Runs the offline check for every topic. Per-topic failures (a schema that does not parse or does
 * not fit its topic) become error reports for that topic's file.
 * @throws GateError `GIT_FAILED` when the ref does not exist, ContractError `TOPICS_CONFIG_INVALID`
 *   when topics.json is bad.
 */
export function runOfflineCheck(options: OfflineOptions): SchemaReport[] {
  const { root } = options;
  const commit = resolveCommit(root, options.ref ?? defaultBaseRef(root));
  const short = commit.slice(0, 12);
  const topics = readTopicDeclarations({ schemasDir: path.join(root, 'schemas') });
  let manifest: ServicesManifest | undefined | null = null;
  const services = (): ServicesManifest | undefined => (manifest ??= manifestFor(root, commit));
  return topics.map((t): SchemaReport => {
    const rel = `schemas/${t.schemaFile}`;
    const meta = { topic: t.topic, level: t.compatibility };
    const semantic = options.semantic ?? t.semanticChanges;
    try {
      const current = loadTopicContract(t).schema;
      const atRef = fileAt(root, commit, rel);
      if (atRef === undefined) {
        return base(rel, meta, 'new', [`not in ${short}: new schema, nothing to compare with`]);
      }
      const previous = levelRule(t.compatibility).transitive
        ? fileHistory(root, commit, rel)
        : [{ schema: atRef, label: short }];
      const result = checkAgainstVersions(previous, current, t.compatibility, { semantic });
      const text = fs.readFileSync(t.schemaPath, 'utf8');
      const parties = schemaChanged(atRef, text)
        ? partiesAt(root, commit, rel, t.topic, text, services())
        : [];
      return {
        ...base(rel, meta, result.compatible ? 'compatible' : 'incompatible', []),
        breaks: withLines(text, result.breaks),
        semantic: withLines(text, result.semantic),
        semanticMode: semantic,
        against: result.checkedAgainst,
        ...(parties.length > 0 ? { services: locateParties(text, parties) } : {}),
      };
    } catch (err) {
      return errorReport('offline', rel, err, meta);
    }
  });
}

/**
 * Deployed consumers were built from the ref (its version of the file); events on the topic were
 * written with any version up to it. Labels are the history's: the first commit with each version.
 */
function partiesAt(
  root: string,
  commit: string,
  rel: string,
  topic: string,
  text: string,
  manifest: ServicesManifest | undefined,
): PartyVerdict[] {
  const { consumers, producers } = partiesOf(manifest, topic);
  if (consumers.length + producers.length === 0) return [];
  const written = fileHistory(root, commit, rel);
  const builtWith = written.at(-1);
  if (builtWith === undefined) return [];
  return partyVerdicts({ manifest, topic, candidate: text, builtWith, written });
}

function base(
  file: string,
  meta: Pick<SchemaReport, 'topic' | 'level'>,
  status: SchemaReport['status'],
  messages: string[],
): SchemaReport {
  return { mode: 'offline', file, ...meta, status, breaks: [], messages, against: [] };
}
