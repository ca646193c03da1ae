/**
 * Reading the services manifest codegen generates (`event-runtime/src/generated/services.json`):
 * which service consumes and which produces each topic.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where codegen writes the manifest, relative to the repository root. */
export const SERVICES_MANIFEST_PATH = 'event-runtime/src/generated/services.json';

/** What one service consumes and produces. */
export interface ServiceTopics {
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
}

/** The manifest: services by name. */
export interface ServicesManifest {
  readonly services: Readonly<Record<string, ServiceTopics>>;
}

const names = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/**
 * Parses the manifest's text; undefined when it is not a manifest (the gate then reports no
 * consumers rather than failing: the compatibility verdict does not depend on it).
 */
export function parseServicesManifest(text: string): ServicesManifest | undefined {
  try {
    const json = JSON.parse(text) as { services?: unknown };
    if (typeof json.services !== 'object' || json.services === null) return undefined;
    const services: Record<string, ServiceTopics> = {};
    for (const [name, entry] of Object.entries(json.services as Record<string, unknown>)) {
      const e = (entry ?? {}) as { consumes?: unknown; produces?: unknown };
      services[name] = { consumes: names(e.consumes), produces: names(e.produces) };
    }
    return { services };
  } catch {
    return undefined;
  }
}

/** The working tree's manifest under `root`, if there is one. */
export function readServicesManifest(root: string): ServicesManifest | undefined {
  const file = path.join(root, SERVICES_MANIFEST_PATH);
  return fs.existsSync(file) ? parseServicesManifest(fs.readFileSync(file, 'utf8')) : undefined;
}

/** The services that consume, and those that produce, `topic`, each sorted by name. */
export function partiesOf(
  manifest: ServicesManifest | undefined,
  topic: string,
): { consumers: string[]; producers: string[] } {
  const entries = Object.entries(manifest?.services ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    consumers: entries.filter(([, s]) => s.consumes.includes(topic)).map(([n]) => n),
    producers: entries.filter(([, s]) => s.produces.includes(topic)).map(([n]) => n),
  };
}
