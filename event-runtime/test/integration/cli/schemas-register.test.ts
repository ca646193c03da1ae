/**
 * `schemas:register` right after the stack came up (what `npm start` does): a broker that does not
 * answer yet, or a topic created a moment ago, is waited for, not reported as a failure.
 */
import { REPO_ROOT, runTsxAsync } from '../../../../test/support/cli-process';
import { testStack } from '../../../../test/support/stack-env';
import { startTcpProxy } from '../../../../test/support/tcp-proxy';

jest.setTimeout(120_000);

test('waits for a broker that is not reachable yet, then registers', async () => {
  const proxy = await startTcpProxy(`tcp://${testStack.brokers[0]}`, { blocked: true });
  try {
    const run = runTsxAsync('event-runtime/src/cli/schemas-register.ts', [], REPO_ROOT, {
      KAFKA_BROKERS: `127.0.0.1:${proxy.port}`,
      SCHEMA_REGISTRY_URL: testStack.registryUrl,
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await proxy.unblock();
    const result = await run;
    expect(result.output).toMatch(/KAFKA_UNAVAILABLE: .*; trying again in \d+ ms/);
    expect(result.output).toMatch(/schemas:register: 2 topic\(s\), \d+ changed/);
    expect(result.status).toBe(0);
  } finally {
    await proxy.close();
  }
});
