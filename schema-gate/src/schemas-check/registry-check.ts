/**
 * Mode (a): ask a Confluent-compatible schema registry whether each local schema is compatible
 * with every registered version of its `<topic>-value` subject that the subject's level requires
 * (all of them for a transitive level), through the runtime's registry client. Run before the
 * schemas are registered, it is the registry's own verdict on the change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isEventSystemError, loadTopicContract, readTopicDeclarations } from '@contract-events/contracts';
import {
  type CompatibilityVerdict,
  RegistryError,
  type SchemaRegistryConfig,
  createSchemaRegistry,
} from '@contract-events/runtime/tools';
import type { SchemaVersion } from '../compat/check-compatibility';
import { partyVerdicts, schemaChanged } from '../consumers/party-verdicts';
import { readServicesManifest } from '../consumers/services-manifest';
import { type LocatedPartyVerdict, type SchemaReport, errorReport, locateParties } from './report';

/** Options for the registry check: where the registry is (URL, credentials, CA) and the repository. */
export interface RegistryOptions extends Readonly<SchemaRegistryConfig> {
  readonly root: string;
  /** Injected for tests that need to see or break the traffic; defaults to global fetch. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

// Rephrases the client's failure so the report says what the gate could not do; code and cause kept.
function gateView(err: unknown, url: string, subject: string): unknown {
  // A TLS failure's own message already says what went wrong and what to set.
  if (!isEventSystemError(err, 'REGISTRY_UNAVAILABLE', 'REGISTRY_REJECTED', 'REGISTRY_AUTH_FAILED'))
    return err;
  const status = err.details?.['status'];
  const message =
    typeof status === 'number'
      ? `registry answered HTTP ${status} for ${subject}: ${err.message}`
      : `registry unreachable at ${url}: ${err.message}`;
  return new RegistryError(message, err.code, err.details, err);
}

/**
 * The consumers and producers of a topic whose schema differs from its latest registered version:
 * deployed services run a registered schema (the drift guard stops any other), so consumers are
 * taken to read with the latest version, and events on the topic to be written with any of them.
 */
function servicesOf(
  manifest: ReturnType<typeof readServicesManifest>,
  topic: string,
  text: string,
  registered: readonly SchemaVersion[],
): LocatedPartyVerdict[] {
  const latest = registered.at(-1);
  if (latest === undefined || !schemaChanged(latest.schema, text)) return [];
  return locateParties(
    text,
    partyVerdicts({ manifest, topic, candidate: text, builtWith: latest, written: registered }),
  );
}

/**
 * Checks every topic's schema with the registry, sending the file's text verbatim.
 * Per-topic failures (unreachable, unexpected answers, a schema that does not load) become error
 * reports, never passes.
 * @throws ContractError `TOPICS_CONFIG_INVALID` when topics.json is bad.
 */
export async function runRegistryCheck(options: RegistryOptions): Promise<SchemaReport[]> {
  const registry = createSchemaRegistry({
    url: options.url,
    basicAuth: options.basicAuth,
    ca: options.ca,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const topics = readTopicDeclarations({ schemasDir: path.join(options.root, 'schemas') });
  const manifest = readServicesManifest(options.root);
  const reports: SchemaReport[] = [];
  for (const t of topics) {
    const rel = `schemas/${t.schemaFile}`;
    const meta = { topic: t.topic };
    try {
      loadTopicContract(t);
      const text = fs.readFileSync(t.schemaPath, 'utf8');
      let verdict: CompatibilityVerdict | undefined;
      let registered: SchemaVersion[] = [];
      try {
        verdict = await registry.testCompatibility(t.subject, text, 'required');
        if (verdict !== undefined && manifest !== undefined) {
          registered = (await registry.listVersions(t.subject))
            .filter((v) => v.schemaType === 'AVRO')
            .map((v) => ({ schema: v.schema, label: `${t.subject} v${v.version}` }));
        }
      } catch (err) {
        throw gateView(err, options.url, t.subject);
      }
      const services = servicesOf(manifest, t.topic, text, registered);
      const common = {
        mode: 'registry' as const,
        file: rel,
        ...meta,
        breaks: [],
        against: [],
        ...(services.length > 0 ? { services } : {}),
      };
      if (verdict === undefined) {
        reports.push({ ...common, status: 'new', messages: [`subject ${t.subject} not registered yet`] });
      } else if (verdict.compatible) {
        reports.push({
          ...common,
          status: 'compatible',
          messages: [],
          against: [`${t.subject}: the versions its level requires`],
        });
      } else {
        reports.push({ ...common, status: 'incompatible', messages: verdict.messages });
      }
    } catch (err) {
      reports.push(errorReport('registry', rel, err, meta));
    }
  }
  return reports;
}
