/**
 * What the two documents (docs/asyncapi.yaml, docs/events.md) are rendered from: each topic's
 * contract, who produces and consumes it (the services manifest), and the versions of its schema.
 */
import { type RecordNode, type TopicContract, parseAvroSchema } from '@contract-events/contracts';
import type { ServiceManifest } from '../generator/service-manifest';
import { CodegenError } from '../generator/codegen-error';
import type { SchemaVersions } from './schema-history';

/** One topic as the documents show it. */
export interface TopicDoc {
  readonly contract: TopicContract;
  /** Services that enqueue its events, sorted. */
  readonly producers: readonly string[];
  /** Services with a handler for it, sorted. */
  readonly consumers: readonly string[];
  /** Parsed versions of its value schema, oldest first. */
  readonly versions: readonly RecordNode[];
  /** Index in {@link versions} of the working tree's schema. */
  readonly current: number;
}

/** The AsyncAPI `info` of the system: from the root package.json. */
export interface ApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
  readonly license?: string;
}

/** Everything the documents are rendered from. */
export interface DocsModel {
  readonly info: ApiInfo;
  /** Sorted by topic. */
  readonly topics: readonly TopicDoc[];
}

function parseVersion(contract: TopicContract, text: string, n: number): RecordNode {
  const source = `schemas/${contract.schemaFile} (v${n})`;
  const root = parseAvroSchema(text, source).root;
  if (root.kind !== 'record') {
    throw new CodegenError(`${source}: not a record schema`, 'SCHEMA_HISTORY_UNAVAILABLE', { source });
  }
  return root;
}

/** Pure: the model from the contracts, the manifest and each topic's schema versions. */
export function docsModel(
  topics: readonly TopicContract[],
  manifest: ServiceManifest,
  versionsOf: (contract: TopicContract) => SchemaVersions,
  info: ApiInfo,
): DocsModel {
  const services = Object.entries(manifest.services);
  return {
    info,
    topics: topics.map((contract) => {
      const { versions, current } = versionsOf(contract);
      return {
        contract,
        producers: services.filter(([, s]) => s.produces.includes(contract.topic)).map(([name]) => name),
        consumers: services.filter(([, s]) => s.consumes.includes(contract.topic)).map(([name]) => name),
        versions: versions.map((text, i) => parseVersion(contract, text, i + 1)),
        current,
      };
    }),
  };
}
