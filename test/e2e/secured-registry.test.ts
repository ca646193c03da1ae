/**
 * A service as its own process against a registry that enforces HTTPS and basic auth (nginx in front
 * of the stack's Apicurio, test/support/secured-registry.ts), configured only by environment
 * variables: it becomes ready through the proxy; refused credentials stop its start-up at once (exit 1,
 * REGISTRY_AUTH_FAILED, no retry loop), and so does a certificate it cannot trust; the password is
 * never printed. Skipped, saying why, where nginx is not installed; .ci/run installs it.
 */
import {
  securedRegistryUnavailable,
  startSecuredRegistry,
  type SecuredRegistry,
} from '../support/secured-registry';
import { randomSuffix, testStack } from '../support/stack-env';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ensureRealContracts } from '../support/test-topics';
import { startUserServiceProcess, type ServiceProcess } from './support/service-process';
import { eventually, http } from './support/system';

jest.setTimeout(120_000);

const unavailable = securedRegistryUnavailable();
if (unavailable) console.warn(`secured registry tests skipped: ${unavailable}`);
const describeWithNginx = unavailable ? describe.skip : describe;

describeWithNginx('a service process with a secured registry', () => {
  let proxy: SecuredRegistry;
  let db: TestDatabase;
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    // The process uses the real topic names: make sure the contracts are in place, as `npm start` does.
    await ensureRealContracts();
    db = await createTestDatabase([]);
    proxy = await startSecuredRegistry(testStack.registryUrl, {
      username: 'service-user',
      password: `pw-${randomSuffix()}${randomSuffix()}`,
    });
  });

  afterEach(() => {
    for (const service of running.splice(0)) service.child.kill('SIGKILL');
  });

  afterAll(async () => {
    await proxy?.stop();
    await db?.drop();
  });

  function start(env: Record<string, string>): ServiceProcess {
    const service = startUserServiceProcess({
      DATABASE_URL: db.url,
      SCHEMA_REGISTRY_URL: proxy.url,
      SCHEMA_REGISTRY_USERNAME: proxy.username,
      SCHEMA_REGISTRY_PASSWORD: proxy.password,
      SCHEMA_REGISTRY_CA_FILE: proxy.caFile,
      ...env,
    });
    running.push(service);
    return service;
  }

  test('becomes ready through HTTPS and basic auth, and stops with exit 0 on SIGTERM', async () => {
    const service = start({});
    const url = await service.url();
    await eventually(async () => (await http('GET', `${url}/ready`)).status === 200);
    const health = await http('GET', `${url}/health`);
    expect(JSON.stringify(health.body)).not.toContain(proxy.password);
    service.child.kill('SIGTERM');
    expect(await service.exitCode()).toBe(0);
    expect(service.lines.join('\n')).not.toContain(proxy.password);
  });

  test('a wrong password stops start-up with exit 1 and REGISTRY_AUTH_FAILED, never printing the password', async () => {
    const wrongPassword = `wrong-${randomSuffix()}${randomSuffix()}`;
    const service = start({ SCHEMA_REGISTRY_PASSWORD: wrongPassword });
    expect(await service.exitCode()).toBe(1);
    const output = service.lines.join('\n');
    expect(output).toContain('REGISTRY_AUTH_FAILED');
    expect(output).toContain('Schema registry authentication failed');
    expect(output).toContain('"service-user"');
    // Stopped at the first refusal: no "retrying" line for the registry.
    expect(output).not.toMatch(/the schema registry not available to .*; retrying/);
    expect(output).not.toContain(wrongPassword);
    expect(output).not.toContain(proxy.password);
  });

  test('a certificate it cannot trust stops start-up with exit 1 and REGISTRY_TLS_FAILED', async () => {
    const service = start({ SCHEMA_REGISTRY_CA_FILE: proxy.otherCaFile });
    expect(await service.exitCode()).toBe(1);
    const output = service.lines.join('\n');
    expect(output).toContain('REGISTRY_TLS_FAILED');
    expect(output).toContain('SCHEMA_REGISTRY_CA_FILE');
    expect(output).not.toContain(proxy.password);
  });
});
