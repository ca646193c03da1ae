/**
 * Mode (a): ask a Confluent-compatible schema registry whether each local schema is compatible
 * with the latest registered version of its `<topic>-value` subject.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RegistryError } from '../errors';
import { readTopicsConfig } from '../topics-config';
import { type SchemaReport, errorReport } from './report';

/** Options for the registry check. */
export interface RegistryOptions {
  readonly root: string;
  /** Base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  readonly url: string;
  /** Injected for tests against a local HTTP server; defaults to global fetch. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
// Confluent error codes for "subject not found" and "version not found".
const NOT_REGISTERED_CODES = new Set([40401, 40402]);

interface CompatibilityAnswer {
  readonly is_compatible?: unknown;
  readonly messages?: unknown;
  readonly error_code?: unknown;
  readonly message?: unknown;
}

type Verdict =
  | { readonly kind: 'new' }
  | { readonly kind: 'compatible' }
  | { readonly kind: 'incompatible'; readonly messages: string[] };

async function ask(options: RegistryOptions, topic: string, schemaText: string): Promise<Verdict> {
  const url = `${options.url.replace(/\/+$/, '')}/compatibility/subjects/${encodeURIComponent(`${topic}-value`)}/versions/latest?verbose=true`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'Content-Type': CONTENT_TYPE, Accept: CONTENT_TYPE },
      body: JSON.stringify({ schemaType: 'AVRO', schema: schemaText }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new RegistryError(`registry unreachable at ${options.url}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const text = await response.text();
  let body: CompatibilityAnswer = {};
  try {
    body = JSON.parse(text) as CompatibilityAnswer;
  } catch {
    // Non-JSON bodies are reported verbatim below.
  }
  if (response.status === 404 && NOT_REGISTERED_CODES.has(Number(body.error_code))) {
    return { kind: 'new' };
  }
  if (!response.ok || typeof body.is_compatible !== 'boolean') {
    throw new RegistryError(
      `registry answered HTTP ${response.status} for ${topic}-value: ${text.slice(0, 500)}`,
    );
  }
  const messages = Array.isArray(body.messages) ? body.messages.map(String) : [];
  return body.is_compatible ? { kind: 'compatible' } : { kind: 'incompatible', messages };
}

/**
 * Checks every topic's schema with the registry.
 * Per-topic failures (unreachable, unexpected answers) become error reports, never passes.
 */
export async function runRegistryCheck(options: RegistryOptions): Promise<SchemaReport[]> {
  const topics = readTopicsConfig(path.join(options.root, 'schemas'));
  const reports: SchemaReport[] = [];
  for (const t of topics) {
    const rel = `schemas/${t.schemaFile}`;
    const meta = { topic: t.topic };
    try {
      const answer = await ask(options, t.topic, fs.readFileSync(path.join(options.root, rel), 'utf8'));
      const common = { mode: 'registry' as const, file: rel, ...meta, breaks: [], against: [] };
      if (answer.kind === 'new') {
        reports.push({ ...common, status: 'new', messages: [`subject ${t.topic}-value not registered yet`] });
      } else if (answer.kind === 'compatible') {
        reports.push({ ...common, status: 'compatible', messages: [], against: [`${t.topic}-value latest`] });
      } else {
        reports.push({ ...common, status: 'incompatible', messages: answer.messages });
      }
    } catch (err) {
      reports.push(errorReport('registry', rel, err, meta));
    }
  }
  return reports;
}
