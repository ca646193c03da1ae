/**
 * One JSON request to a Confluent-compatible schema registry, with failures sorted into what a caller
 * can act on: unreachable or failing (retriable); rejected, credentials refused or a certificate not
 * trusted (not); or a 404 left to the caller.
 */
import { RegistryError } from '../errors';
import type { Secret } from '../config/secret';

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
  /** Sent as `Authorization: Basic ...`; the password never goes into an error. */
  basicAuth?: { username: string; password: Secret };
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * Sends one request. 2xx and 404 come back as a {@link RegistryResponse}.
 *
 * @throws RegistryError `REGISTRY_UNAVAILABLE` on network errors, timeouts and 5xx;
 *   `REGISTRY_AUTH_FAILED` on 401 and 403; `REGISTRY_TLS_FAILED` when the registry's certificate is not
 *   trusted (or TLS cannot be set up); `REGISTRY_REJECTED` on any other 4xx (a malformed or
 *   incompatible schema).
 */
export async function registryRequest(
  options: RegistryHttpOptions,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<RegistryResponse> {
  const target = `${options.url.replace(/\/+$/, '')}${path}`;
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(target, {
      method,
      headers: {
        Accept: CONTENT_TYPE,
        ...(body === undefined ? {} : { 'Content-Type': CONTENT_TYPE }),
        ...(options.basicAuth ? { Authorization: basicAuthHeader(options.basicAuth) } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    const tls = tlsFailureOf(err);
    if (tls) {
      throw new RegistryError(
        `TLS connection to the schema registry at ${options.url} failed (${method} ${path}): ${tls.message} (${tls.code}); ` +
          "if the registry's certificate is signed by a private CA, set SCHEMA_REGISTRY_CA_FILE to that CA's PEM file",
        'REGISTRY_TLS_FAILED',
        { url: options.url, method, path, tlsCode: tls.code },
        err,
      );
    }
    throw new RegistryError(
      `Schema registry at ${options.url} is unreachable (${method} ${path}): ${reasonOf(err)}`,
      'REGISTRY_UNAVAILABLE',
      { url: options.url, method, path },
      err,
    );
  }
  const parsed = parseJson(text);
  if (response.ok || response.status === 404) return { status: response.status, body: parsed };
  if (response.status === 401 || response.status === 403)
    throw authFailure(options, method, path, response.status);
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

function basicAuthHeader({ username, password }: { username: string; password: Secret }): string {
  return `Basic ${Buffer.from(`${username}:${password.reveal()}`, 'utf8').toString('base64')}`;
}

/** 401/403: our credentials (or their absence) were refused; waiting will not change that. */
function authFailure(
  options: RegistryHttpOptions,
  method: string,
  path: string,
  status: number,
): RegistryError {
  const user = options.basicAuth?.username;
  const answer = `HTTP ${status} for ${method} ${path}`;
  let what: string;
  if (user === undefined) {
    what = `${status === 401 ? 'requires credentials' : 'denied access without credentials'} (${answer}); set SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`;
  } else if (status === 401) {
    what = `refused the credentials of user "${user}" (${answer}); check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`;
  } else {
    what = `denied user "${user}" access (${answer}); check the user's permissions and SCHEMA_REGISTRY_USERNAME`;
  }
  return new RegistryError(
    `Schema registry authentication failed: ${options.url} ${what}`,
    'REGISTRY_AUTH_FAILED',
    { url: options.url, method, path, status, username: user },
  );
}

// OpenSSL's certificate verification errors, as Node's TLS socket reports them in `code`.
const CERTIFICATE_ERRORS = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
]);

/** The TLS error behind a failed fetch (a certificate not trusted, TLS against a plain port), if any. */
function tlsFailureOf(err: unknown): { code: string; message: string } | undefined {
  // Duck-typed, not `instanceof Error`: fetch's errors may come from another realm (a test sandbox).
  type Failure = { code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  for (let e = err as Failure, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const { code, message } = e;
    if (
      typeof code === 'string' &&
      (CERTIFICATE_ERRORS.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'))
    ) {
      return { code, message: String(message) };
    }
    e = e.cause as Failure;
  }
  return undefined;
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
