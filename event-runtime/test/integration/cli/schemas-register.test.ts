/**
 * `schemas:register` right after the stack came up (what `npm start` does): a broker that does not
 * answer yet, or a topic created a moment ago, is waited for, not reported as a failure.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../../../test/support/cli-process';
import { testStack } from '../../../../test/support/stack-env';
import { startTcpProxy } from '../../../../test/support/tcp-proxy';
import { waitUntil } from '../../../../test/support/wait';

jest.setTimeout(120_000);

test('waits for a broker that is not reachable yet, then registers', async () => {
  const proxy = await startTcpProxy(`tcp://${testStack.brokers[0]}`, { blocked: true });
  try {
    const child = spawn(
      path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(REPO_ROOT, 'event-runtime/src/cli/schemas-register.ts')],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          FORCE_COLOR: '0',
          KAFKA_BROKERS: `127.0.0.1:${proxy.port}`,
          SCHEMA_REGISTRY_URL: testStack.registryUrl,
        },
      },
    );
    let output = '';
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    // The broker comes up only once the command has said it is waiting for it.
    await waitUntil(async () => /KAFKA_UNAVAILABLE: .*; trying again in \d+ ms/.test(output), 60_000);
    await proxy.unblock();
    expect(await exited).toBe(0);
    expect(output).toMatch(/schemas:register: 2 topic\(s\), \d+ changed/);
  } finally {
    await proxy.close();
  }
});
