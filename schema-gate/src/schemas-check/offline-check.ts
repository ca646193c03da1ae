/**
 * Mode (b): compare each working-tree schema listed in topics.json with its version(s) at a
 * git ref, at the topic's configured compatibility level.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopicContract, readTopicDeclarations } from '@contract-events/contracts';
import { type SemanticMode, checkAgainstVersions } from '../compat/check-compatibility';
import { levelRule } from '../compat/levels';
import { defaultBaseRef, fileAt, fileHistory, resolveCommit } from './git-history';
import { type SchemaReport, errorReport, withLines } from './report';

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
      return {
        ...base(rel, meta, result.compatible ? 'compatible' : 'incompatible', []),
        breaks: withLines(text, result.breaks),
        semantic: withLines(text, result.semantic),
        semanticMode: semantic,
        against: result.checkedAgainst,
      };
    } catch (err) {
      return errorReport('offline', rel, err, meta);
    }
  });
}

function base(
  file: string,
  meta: Pick<SchemaReport, 'topic' | 'level'>,
  status: SchemaReport['status'],
  messages: string[],
): SchemaReport {
  return { mode: 'offline', file, ...meta, status, breaks: [], messages, against: [] };
}
