/**
 * `npm run schemas:register [-- --root <dir>]`: creates or aligns the topics and registers the schemas in
 * `schemas/` (of `<dir>` when given: CI registers the merge base's schemas before checking a change).
 * Reads KAFKA_BROKERS with the Kafka security settings (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*,
 * KAFKA_SSL_*) and SCHEMA_REGISTRY_* (defaults: the local stack, see config/defaults.ts and
 * config/registry-config.ts).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readToolConfig } from '../config/env';
import { EventSystemError } from '../errors';
import { registerContracts } from '../registry/register-contracts';
import { createSchemaRegistry } from '../registry/schema-registry';
import { retry } from '../retry';
import { isTransient } from '../service/startup';
import { createKafkaTransport } from '../transport/kafka-transport';
import { exitWhenFlushed } from './exit';

/**
 * A broker or registry that has only just started (topics created a moment ago, a coordinator still
 * loading) answers with retriable errors for a few seconds: `npm start` runs this right after the
 * stack came up. Every step is idempotent, so the whole registration is tried again, for this long.
 */
const TRANSIENT_RETRY_MS = 60_000;

async function main(): Promise<void> {
  const config = readToolConfig(process.env);
  const { brokers } = config.kafka;
  // Never with credentials in it: readSchemaRegistryConfig moves them out of the URL.
  const registryUrl = config.schemaRegistry.url;
  const { values } = parseArgs({ options: { root: { type: 'string' } } });
  const schemasDir = path.resolve(values.root ?? path.resolve(__dirname, '../../..'), 'schemas');
  const transport = createKafkaTransport({ ...config.kafka, clientId: 'schemas-register', failFast: true });
  const registry = createSchemaRegistry(config.schemaRegistry);
  const results = await retry(
    async () => {
      const admin = await transport.admin();
      try {
        return await registerContracts({
          admin,
          registry,
          schemasDir,
          logger: { info: (m) => console.log(m), warn: (m) => console.warn(`warning: ${m}`) },
        });
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    {
      isRetriable: isTransient,
      signal: AbortSignal.timeout(TRANSIENT_RETRY_MS),
      onRetry: ({ err, delayMs }) =>
        console.warn(`schemas:register: ${describe(err)}; trying again in ${delayMs} ms`),
    },
  );
  const changed = results.filter((r) => r.changes.length > 0).length;
  console.log(
    `schemas:register: ${results.length} topic(s), ${changed} changed (Kafka ${brokers.join(',')}, registry ${registryUrl})`,
  );
}

function describe(err: unknown): string {
  const code = err instanceof EventSystemError ? `${err.code}: ` : '';
  return `${code}${err instanceof Error ? err.message : String(err)}`;
}

main().catch((err: unknown) => {
  console.error(`schemas:register failed: ${describe(err)}`);
  exitWhenFlushed(1);
});
