/**
 * The stack's own promises, on the running stack: a dead Kafka is reported as down and comes
 * back with `stack:up`; the registry keeps schemas and their ids across a restart. Needs the
 * processes this project runs (skipped when KAFKA_BROKERS / SCHEMA_REGISTRY_URL point elsewhere).
 */
import { randomUUID } from 'node:crypto';
import { createSchemaRegistry, pollUntil } from '@contract-events/runtime/tools';
import { kafkaProcess } from '../../src/components/kafka';
import { registryProcess, startRegistry } from '../../src/components/registry';
import { loadStackConfig } from '../../src/config/stack-config';
import { readPid, stopProcess } from '../../src/process/managed-process';
import { stackStatus, stackUp } from '../../src/stack';

jest.setTimeout(180_000);

const cfg = loadStackConfig();
const quiet = () => undefined;
const status = async (name: string) => (await stackStatus(cfg)).find((s) => s.name === name);

(cfg.kafka.external ? test.skip : test)(
  'a killed Kafka is reported down, and stack:up brings it back',
  async () => {
    const pid = readPid(kafkaProcess(cfg));
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGKILL');
    // SIGKILL is asynchronous: give the process a moment to be gone (then assert on what is seen).
    const down = await pollUntil(
      async () => {
        const s = await status('kafka');
        return s?.detail === 'process not running' && s;
      },
      { timeoutMs: 5000, intervalMs: 250, what: 'kafka reported as not running' },
    ).catch(() => status('kafka'));
    expect(down).toMatchObject({ up: false, detail: 'process not running' });
    expect(down?.logFile).toContain('kafka.log');

    await stackUp(cfg, quiet);
    expect(await status('kafka')).toMatchObject({ up: true });
  },
);

(cfg.registry.external ? test.skip : test)(
  'the registry returns a schema by its id after a restart',
  async () => {
    const subject = `restart_${randomUUID()}-value`;
    const schema = { type: 'record', name: 'Restart', fields: [{ name: 'n', type: 'long' }] };
    const registry = createSchemaRegistry(cfg.registry.connection);
    const id = await registry.register(subject, schema);
    expect(id).toBeGreaterThan(0);

    expect(await stopProcess(registryProcess(cfg))).toBe(true);
    expect(await status('registry')).toMatchObject({ up: false });
    await startRegistry(cfg);

    const byId = await registry.getSchemaById(id);
    expect(JSON.parse(byId?.schema ?? 'null')).toEqual(schema);
  },
);
