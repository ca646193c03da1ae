import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SCHEMA_REGISTRY_URL } from '../../../src/config/defaults';
import { EnvReader } from '../../../src/config/env';
import { readSchemaRegistryConfig } from '../../../src/config/registry-config';
import { ConfigError } from '../../../src/errors';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function read(env: Record<string, string | undefined>) {
  const r = new EnvReader(env);
  const config = readSchemaRegistryConfig(r);
  r.done();
  return config;
}

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    read(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-config-'));
  fs.writeFileSync(path.join(dir, 'ca.pem'), PEM);
  fs.writeFileSync(path.join(dir, 'not-pem.txt'), 'hello');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readSchemaRegistryConfig', () => {
  it('defaults to the local stack, without auth or CA', () => {
    expect(read({})).toEqual({ url: DEFAULT_SCHEMA_REGISTRY_URL });
  });

  it('reads basic auth from SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD (the password verbatim)', () => {
    const config = read({
      SCHEMA_REGISTRY_URL: 'https://registry.test/apis/ccompat/v7',
      SCHEMA_REGISTRY_USERNAME: 'alice',
      SCHEMA_REGISTRY_PASSWORD: ' pa:ss ',
    });
    expect(config.url).toBe('https://registry.test/apis/ccompat/v7');
    expect(config.basicAuth?.username).toBe('alice');
    expect(config.basicAuth?.password.reveal()).toBe(' pa:ss ');
    // Dumped (a log line, an error's details), the password is hidden.
    expect(JSON.stringify(config)).not.toContain('pa:ss');
  });

  it('moves credentials out of the URL, percent-decoded', () => {
    const config = read({ SCHEMA_REGISTRY_URL: 'https://alice:p%40ss%3Aword@registry.test/apis/ccompat/v7' });
    expect(config.url).toBe('https://registry.test/apis/ccompat/v7');
    expect(config.basicAuth?.username).toBe('alice');
    expect(config.basicAuth?.password.reveal()).toBe('p@ss:word');
  });

  it('reads the CA certificates of SCHEMA_REGISTRY_CA_FILE', () => {
    expect(
      read({
        SCHEMA_REGISTRY_URL: 'https://registry.test',
        SCHEMA_REGISTRY_CA_FILE: path.join(dir, 'ca.pem'),
      }),
    ).toEqual({ url: 'https://registry.test', ca: PEM });
  });

  it('refuses half of the credentials, naming the missing variable', () => {
    expect(problemsOf({ SCHEMA_REGISTRY_USERNAME: 'alice' })).toContain('SCHEMA_REGISTRY_PASSWORD: missing');
    expect(problemsOf({ SCHEMA_REGISTRY_PASSWORD: 'secret' })).toContain('SCHEMA_REGISTRY_USERNAME: missing');
  });

  it('refuses credentials given twice, without quoting the password', () => {
    const message = problemsOf({
      SCHEMA_REGISTRY_URL: 'https://alice:in-the-url@registry.test',
      SCHEMA_REGISTRY_USERNAME: 'alice',
      SCHEMA_REGISTRY_PASSWORD: 'in-the-env',
    });
    expect(message).toContain('give them once');
    expect(message).not.toContain('in-the-url');
    expect(message).not.toContain('in-the-env');
  });

  it('hides the password of a malformed URL', () => {
    const message = problemsOf({ SCHEMA_REGISTRY_URL: 'ftp://alice:hunter2@registry.test' });
    expect(message).toContain('SCHEMA_REGISTRY_URL');
    expect(message).not.toContain('hunter2');
  });

  it('refuses a CA file that is missing, not PEM, or given for an http URL', () => {
    expect(
      problemsOf({
        SCHEMA_REGISTRY_URL: 'https://r.test',
        SCHEMA_REGISTRY_CA_FILE: path.join(dir, 'nope.pem'),
      }),
    ).toContain('SCHEMA_REGISTRY_CA_FILE: cannot be read');
    expect(
      problemsOf({
        SCHEMA_REGISTRY_URL: 'https://r.test',
        SCHEMA_REGISTRY_CA_FILE: path.join(dir, 'not-pem.txt'),
      }),
    ).toContain('SCHEMA_REGISTRY_CA_FILE: expected a PEM file');
    expect(
      problemsOf({ SCHEMA_REGISTRY_URL: 'http://r.test', SCHEMA_REGISTRY_CA_FILE: path.join(dir, 'ca.pem') }),
    ).toContain('not an https URL');
  });
});
