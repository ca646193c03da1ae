/**
 * `npm run schemas:register`: creates or aligns the topics and registers the schemas in `schemas/`.
 * Reads KAFKA_BROKERS with the Kafka security settings (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*,
 * KAFKA_SSL_*) and SCHEMA_REGISTRY_URL (defaults: the local stack, see config/defaults.ts).
 */
import path from 'node:path';
import { readToolConfig } from '../config/env';
import { EventSystemError } from '../errors';
import { registerContracts } from '../registry/register-contracts';
import { createSchemaRegistry } from '../registry/schema-registry';
import { createKafkaTransport } from '../transport/kafkajs-transport';
import { exitWhenFlushed } from './exit';

async function main(): Promise<void> {
  const config = readToolConfig(process.env);
  const { brokers } = config.kafka;
  const registryUrl = config.schemaRegistryUrl;
  const schemasDir = path.resolve(__dirname, '../../../schemas');
  const transport = createKafkaTransport({ ...config.kafka, clientId: 'schemas-register', failFast: true });
  const admin = await transport.admin();
  try {
    const results = await registerContracts({
      admin,
      registry: createSchemaRegistry({ url: registryUrl }),
      schemasDir,
      logger: { info: (m) => console.log(m), warn: (m) => console.warn(`warning: ${m}`) },
    });
    const changed = results.filter((r) => r.changes.length > 0).length;
    console.log(
      `schemas:register: ${results.length} topic(s), ${changed} changed (Kafka ${brokers.join(',')}, registry ${registryUrl})`,
    );
  } finally {
    await admin.disconnect();
  }
}

main().catch((err: unknown) => {
  const code = err instanceof EventSystemError ? `${err.code}: ` : '';
  console.error(`schemas:register failed: ${code}${err instanceof Error ? err.message : String(err)}`);
  exitWhenFlushed(1);
});
