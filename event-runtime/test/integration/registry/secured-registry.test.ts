/**
 * The registry client and the CLIs against a registry that enforces HTTPS and basic auth: nginx in
 * front of the stack's Apicurio (test/support/secured-registry.ts). Skipped, saying why, where nginx
 * is not installed; .ci/run installs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runTsxAsync } from '../../../../test/support/cli-process';
import {
  securedRegistryUnavailable,
  startSecuredRegistry,
  type SecuredRegistry,
} from '../../../../test/support/secured-registry';
import { testStack } from '../../../../test/support/stack-env';
import { createSchemaRegistry, type SchemaRegistryOptions } from '../../../src/registry/schema-registry';
import { randomName } from '../codec/helpers';
import { Secret } from '../../../src/config/secret';
import { rejection } from '../../../../test/support/rejection';

jest.setTimeout(120_000);

const unavailable = securedRegistryUnavailable();
if (unavailable) {
  // Jest prints this with the file name; the tests below show as skipped.
  console.warn(`secured registry tests skipped: ${unavailable}`);
}
const describeWithNginx = unavailable ? describe.skip : describe;

/** A record schema of its own for `subject` (its namespace keeps the subject's letters and digits). */
const schema = (subject: string) => ({
  type: 'record',
  name: 'Probe',
  namespace: `test.${subject.replace(/[^A-Za-z0-9_]/g, '_')}`,
  fields: [{ name: 'id', type: 'string' }],
});

describeWithNginx('a registry behind HTTPS and basic auth (nginx in front of Apicurio)', () => {
  let proxy: SecuredRegistry;
  let trusted: Pick<SchemaRegistryOptions, 'url' | 'ca' | 'basicAuth'>;

  beforeAll(async () => {
    proxy = await startSecuredRegistry(testStack.registryUrl, {
      username: 'registry-user',
      password: `pw-${randomName()}`,
    });
    trusted = {
      url: proxy.url,
      ca: fs.readFileSync(proxy.caFile, 'utf8'),
      basicAuth: { username: proxy.username, password: new Secret(proxy.password) },
    };
  });

  afterAll(() => proxy?.stop());

  it('registers and reads a schema through the proxy: the same ids as Apicurio itself gives', async () => {
    const subject = `${randomName()}-value`;
    const secured = createSchemaRegistry(trusted);
    await secured.ping();
    const id = await secured.register(subject, schema(subject));
    expect(await secured.lookupSchemaId(subject, schema(subject))).toBe(id);
    expect(JSON.parse((await secured.getSchemaById(id))!.schema)).toEqual(schema(subject));
    await secured.setCompatibility(subject, 'FULL_TRANSITIVE');
    expect(await secured.getCompatibility(subject)).toBe('FULL_TRANSITIVE');
    const direct = createSchemaRegistry({ url: testStack.registryUrl });
    expect(await direct.lookupSchemaId(subject, schema(subject))).toBe(id);
  });

  it('answers a wrong password with REGISTRY_AUTH_FAILED, not retriable, without the password', async () => {
    const wrongPassword = `wrong-${randomName()}`;
    const client = createSchemaRegistry({
      ...trusted,
      basicAuth: { username: proxy.username, password: new Secret(wrongPassword) },
    });
    const err = await rejection(client.lookupSchemaId('any-value', schema('any')));
    expect(err.code).toBe('REGISTRY_AUTH_FAILED');
    expect(err.retriable).toBe(false);
    expect(err.message).toContain('Schema registry authentication failed');
    expect(err.message).toContain('HTTP 401');
    const everything = `${err.message} ${JSON.stringify(err.details)} ${String(err.stack)}`;
    expect(everything).not.toContain(wrongPassword);
    expect(everything).not.toContain(proxy.password);
  });

  it('answers missing credentials with REGISTRY_AUTH_FAILED', async () => {
    const err = await rejection(createSchemaRegistry({ url: proxy.url, ca: trusted.ca }).ping());
    expect(err.code).toBe('REGISTRY_AUTH_FAILED');
    expect(err.message).toContain('requires credentials');
  });

  it.each([
    ['without a CA (Node trusts only its bundled CAs)', () => undefined],
    ['trusting another CA', () => fs.readFileSync(proxy.otherCaFile, 'utf8')],
  ])('refuses the certificate %s: REGISTRY_TLS_FAILED, not retriable', async (_name, ca) => {
    const err = await rejection(createSchemaRegistry({ ...trusted, ca: ca() }).ping());
    expect(err.code).toBe('REGISTRY_TLS_FAILED');
    expect(err.retriable).toBe(false);
    expect(err.message).toContain('TLS connection to the schema registry');
    expect(err.message).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(err.message).toContain('SCHEMA_REGISTRY_CA_FILE');
  });

  describe('the CLIs, configured by environment variables', () => {
    const securedEnv = () => ({
      KAFKA_BROKERS: testStack.brokers.join(','),
      SCHEMA_REGISTRY_URL: proxy.url,
      SCHEMA_REGISTRY_USERNAME: proxy.username,
      SCHEMA_REGISTRY_PASSWORD: proxy.password,
      SCHEMA_REGISTRY_CA_FILE: proxy.caFile,
    });

    it('schemas:register works through the proxy and prints no password', async () => {
      const result = await runTsxAsync(
        'event-runtime/src/cli/schemas-register.ts',
        [],
        REPO_ROOT,
        securedEnv(),
      );
      expect(result.output).toMatch(/schemas:register: 2 topic\(s\), \d+ changed/);
      expect(result.output).toContain(`registry ${proxy.url}`);
      expect(result.output).not.toContain(proxy.password);
      expect(result.status).toBe(0);
    });

    it('schemas:check --registry takes the credentials from the URL as well', async () => {
      const withCredentials = new URL(proxy.url);
      withCredentials.username = proxy.username;
      withCredentials.password = proxy.password;
      const result = await runTsxAsync(
        'schema-gate/src/cli/schemas-check.ts',
        ['--json', '--registry'],
        REPO_ROOT,
        {
          ...securedEnv(),
          SCHEMA_REGISTRY_URL: withCredentials.toString(),
          SCHEMA_REGISTRY_USERNAME: undefined,
          SCHEMA_REGISTRY_PASSWORD: undefined,
        },
      );
      const { reports } = JSON.parse(result.stdout) as { reports: { mode: string; status: string }[] };
      const registryReports = reports.filter((r) => r.mode === 'registry');
      expect(registryReports.length).toBe(2);
      for (const report of registryReports) expect(report.status).toBe('compatible');
      expect(result.output).not.toContain(proxy.password);
    });

    it('the stack probes an external secured registry with the same settings (stack:status)', async () => {
      const up = await runTsxAsync('stack/src/cli/stack.ts', ['status'], REPO_ROOT, securedEnv());
      expect(up.stdout).toMatch(/^up +registry +https:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7 +external$/m);
      const wrongPassword = `wrong-${randomName()}`;
      const refused = await runTsxAsync('stack/src/cli/stack.ts', ['status'], REPO_ROOT, {
        ...securedEnv(),
        SCHEMA_REGISTRY_PASSWORD: wrongPassword,
      });
      expect(refused.stdout).toMatch(/^DOWN +registry .*Schema registry authentication failed/m);
      expect(refused.status).toBe(1);
      expect(up.output + refused.output).not.toContain(proxy.password);
      expect(refused.output).not.toContain(wrongPassword);
    });

    it('schemas:register stops with REGISTRY_AUTH_FAILED on a wrong password, without printing it', async () => {
      const wrongPassword = `wrong-${randomName()}`;
      const result = await runTsxAsync('event-runtime/src/cli/schemas-register.ts', [], REPO_ROOT, {
        ...securedEnv(),
        SCHEMA_REGISTRY_PASSWORD: wrongPassword,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        'schemas:register failed: REGISTRY_AUTH_FAILED: Schema registry authentication failed',
      );
      expect(result.output).not.toContain(wrongPassword);
    });

    it('inspect stops naming SCHEMA_REGISTRY_CA_FILE when the CA file is not a certificate', async () => {
      const notPem = path.join(path.dirname(proxy.caFile), 'htpasswd');
      const result = await runTsxAsync(
        'event-runtime/src/cli/inspect.ts',
        ['user_created', '--limit', '1'],
        REPO_ROOT,
        {
          ...securedEnv(),
          SCHEMA_REGISTRY_CA_FILE: notPem,
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('SCHEMA_REGISTRY_CA_FILE: expected a PEM file');
      expect(result.output).not.toContain(proxy.password);
    });
  });
});
