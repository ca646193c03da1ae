/**
 * How to reach the schema registry: its URL, and for a secured registry its credentials (HTTP basic
 * auth) and the CA that signed its certificate. The one reading of the SCHEMA_REGISTRY_* variables,
 * shared by the services, the runtime's CLIs, the compatibility gate and the stack.
 */
import fs from 'node:fs';
import { DEFAULT_SCHEMA_REGISTRY_URL } from './defaults';
import type { EnvReader } from './env';
import { Secret } from './secret';

/** Where the registry is and how to prove who we are; what `createSchemaRegistry` takes. */
export interface SchemaRegistryConfig {
  /** Base URL of the Confluent-compatible API, never with credentials in it (they are moved out). */
  url: string;
  /** HTTP basic auth, sent with every request; the password must never be logged. */
  basicAuth?: { username: string; password: Secret };
  /** PEM certificates to trust for an https URL instead of Node's bundled CAs (a private CA). */
  ca?: string;
}

/**
 * The registry settings through `r`:
 * - `SCHEMA_REGISTRY_URL`: an http or https URL; `https://user:password@host/...` is accepted, the
 *   credentials are taken out of the URL (percent-decoded) and sent as basic auth;
 * - `SCHEMA_REGISTRY_USERNAME` and `SCHEMA_REGISTRY_PASSWORD`: basic auth, both or neither, and not
 *   together with credentials in the URL;
 * - `SCHEMA_REGISTRY_CA_FILE`: a PEM file of the CA certificate(s) that signed the registry's
 *   certificate (only for an https URL).
 *
 * `fallback` is the local stack's registry unless the caller knows better (the stack, whose registry
 * port can be moved). Problems are collected in `r`, as every setting's are.
 */
export function readSchemaRegistryConfig(
  r: EnvReader,
  fallback: string = DEFAULT_SCHEMA_REGISTRY_URL,
): SchemaRegistryConfig {
  const raw = r.url('SCHEMA_REGISTRY_URL', fallback, ['http:', 'https:']);
  const username = r.string('SCHEMA_REGISTRY_USERNAME', '');
  const password = r.secret('SCHEMA_REGISTRY_PASSWORD');
  const caFile = r.string('SCHEMA_REGISTRY_CA_FILE', '');

  const parsed = parseUrl(raw);
  const config: SchemaRegistryConfig = { url: raw };
  if (parsed && (parsed.username !== '' || parsed.password !== '')) {
    // fetch refuses a URL with credentials, and a URL is printed in logs: keep them apart.
    config.basicAuth = {
      username: decodeURIComponent(parsed.username),
      password: new Secret(decodeURIComponent(parsed.password)),
    };
    parsed.username = '';
    parsed.password = '';
    config.url = parsed.toString();
    if (username !== '' || password !== undefined) {
      r.report(
        'SCHEMA_REGISTRY_URL: has credentials in it and so do SCHEMA_REGISTRY_USERNAME/PASSWORD; give them once',
      );
    }
  } else if (username !== '' || password !== undefined) {
    if (username === '' || password === undefined) {
      r.report(
        `${username === '' ? 'SCHEMA_REGISTRY_USERNAME' : 'SCHEMA_REGISTRY_PASSWORD'}: missing; basic auth needs both SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`,
      );
    } else {
      config.basicAuth = { username, password };
    }
  }
  if (config.basicAuth?.username.includes(':')) {
    r.report('SCHEMA_REGISTRY_USERNAME: basic auth does not allow ":" in a user name');
  }

  if (caFile !== '') {
    if (parsed && parsed.protocol !== 'https:') {
      r.report(`SCHEMA_REGISTRY_CA_FILE: set, but SCHEMA_REGISTRY_URL is not an https URL`);
    }
    const ca = readPem(caFile);
    if (typeof ca === 'string') config.ca = ca;
    else r.report(`SCHEMA_REGISTRY_CA_FILE: ${ca.problem} (got "${caFile}")`);
  }
  return config;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function readPem(file: string): string | { problem: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { problem: `cannot be read: ${(err as Error).message}` };
  }
  return text.includes('-----BEGIN CERTIFICATE-----')
    ? text
    : { problem: 'expected a PEM file with at least one certificate' };
}
