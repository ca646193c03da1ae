/**
 * One JSON request to a Confluent-compatible schema registry, with failures sorted into what a caller
 * can act on: unreachable or failing (retriable), rejected (not), or a 404 left to the caller.
 */
import { RegistryError } from '../errors';

/** The body and status of a registry answer that was not a failure. */
export interface RegistryResponse {
  status: number;
  /** Parsed JSON body; undefined when the body was empty or not JSON. */
  body: unknown;
}

/** How to reach the registry. */
export interface RegistryHttpOptions {
  /** Base URL of the Confluent-compatible API, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`. */
  url: string;
  /** Abort a request after this long; a hung registry must not hang a consumer. */
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * Sends one request. 2xx and 404 come back as a {@link RegistryResponse}.
 *
 * @throws RegistryError `REGISTRY_UNAVAILABLE` on network errors, timeouts and 5xx;
 *   `REGISTRY_REJECTED` on any other 4xx (a malformed or incompatible schema).
 */
export async function registryRequest(
  options: RegistryHttpOptions,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<RegistryResponse> {
  const target = `${options.url.replace(/\/+$/, '')}${path}`;
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(target, {
      method,
      headers: { Accept: CONTENT_TYPE, ...(body === undefined ? {} : { 'Content-Type': CONTENT_TYPE }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    throw new RegistryError(
      `Schema registry at ${options.url} is unreachable (${method} ${path}): ${reasonOf(err)}`,
      'REGISTRY_UNAVAILABLE',
      { url: options.url, method, path },
      err,
    );
  }
  const parsed = parseJson(text);
  if (response.ok || response.status === 404) return { status: response.status, body: parsed };
  const message = messageOf(parsed) ?? text.slice(0, 200);
  const details = { url: options.url, method, path, status: response.status, registryMessage: message };
  if (response.status >= 500 || response.status === 429 || response.status === 408) {
    throw new RegistryError(
      `Schema registry failed (${method} ${path}): HTTP ${response.status} ${message}`,
      'REGISTRY_UNAVAILABLE',
      details,
    );
  }
  throw new RegistryError(
    `Schema registry rejected ${method} ${path}: HTTP ${response.status} ${message}`,
    'REGISTRY_REJECTED',
    details,
  );
}

/** The `message` field of a registry error body, when there is one. */
export function messageOf(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && 'message' in body) {
    return String((body as { message: unknown }).message);
  }
  return undefined;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) {
    // fetch hides the socket error (ECONNREFUSED, ...) in `cause`; it is the useful part.
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
