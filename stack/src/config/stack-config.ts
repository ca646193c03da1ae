import path from 'node:path';
import {
  DEFAULT_SCHEMA_REGISTRY_URL,
  EnvReader,
  PLAINTEXT_SECURITY,
  readKafkaClient,
  type KafkaClientName,
  readKafkaConnection,
  readSchemaRegistryConfig,
  type KafkaSecurity,
  type SchemaRegistryConfig,
} from '@contract-events/runtime/tools';

/**
 * Where each part of the local stack lives. Every URL and port can be overridden;
 * a component whose URL points elsewhere (docker compose, a cloud cluster) is not started.
 */
export interface StackConfig {
  repoRoot: string;
  stateDir: string;
  cacheDir: string;
  kafka: {
    brokers: string[];
    /** How to reach `brokers`: the security settings for an external Kafka, PLAINTEXT for ours. */
    security: KafkaSecurity;
    /** The client library the stack's probe (and the tests) use: KAFKA_CLIENT. */
    client: KafkaClientName;
    external: boolean;
    /**
     * KRaft nodes the stack starts (`STACK_KAFKA_BROKERS`, 1 or 3), each broker and controller in one
     * process; node n (from 1) listens on `port + 2(n-1)` and `controllerPort + 2(n-1)`.
     */
    nodes: number;
    /** Node 1's PLAINTEXT port. */
    port: number;
    controllerPort: number;
    /** The started broker's SASL_SSL listener (kafka-secured-listener.ts); 0: none. */
    saslPort: number;
  };
  registry: {
    /** Base URL, without credentials (printed in logs). */
    url: string;
    /** The URL with the credentials and CA of a secured registry: what a registry client takes. */
    connection: SchemaRegistryConfig;
    external: boolean;
    port: number;
    managementPort: number;
  };
  postgres: {
    adminUrl: string;
    /** Connection string per database the stack provides (users, orders, the registry's own). */
    databases: Record<'users' | 'orders' | 'registry', string>;
    external: boolean;
  };
  startTimeoutMs: number;
}

/** The runtime's default registry URL with the stack's registry port: the path is written once. */
function registryUrlOnPort(port: number): string {
  const u = new URL(DEFAULT_SCHEMA_REGISTRY_URL);
  u.port = String(port);
  return u.toString();
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

const PORT = { min: 1, max: 65535 };

/** Enough for a quorum that survives two failures; more would not fit a developer machine anyway. */
const MAX_KAFKA_NODES = 5;

/** A node's port from node 1's: nodes take every other port, so broker and controller ports interleave. */
export function nodePorts(firstPort: number, nodes: number): number[] {
  if (!Number.isInteger(firstPort) || !Number.isInteger(nodes)) return [firstPort];
  return Array.from({ length: nodes }, (_, i) => firstPort + 2 * i);
}

/** Reads the stack's settings from the environment once; every bad value is reported together. */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const r = new EnvReader(env);
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const kafkaPort = r.int('STACK_KAFKA_PORT', 9092, PORT);
  const registryPort = r.int('STACK_REGISTRY_PORT', 8081, PORT);
  const pgPort = r.int('STACK_POSTGRES_PORT', 5432, PORT);
  const registry = readSchemaRegistryConfig(r, registryUrlOnPort(registryPort));
  const postgresUrl = ['postgres:', 'postgresql:'];
  const adminUrl = r.url(
    'STACK_POSTGRES_URL',
    `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`,
    postgresUrl,
  );
  const externalKafka = Boolean(env.KAFKA_BROKERS);
  const nodes = r.int('STACK_KAFKA_BROKERS', 1, { min: 1, max: MAX_KAFKA_NODES });
  // Our own broker is probed on its PLAINTEXT listener, whatever KAFKA_SECURITY_PROTOCOL a shell
  // exports for the services (a CA file that only the stack will create must not stop it starting).
  const kafka = externalKafka
    ? readKafkaConnection(r)
    : {
        brokers: nodePorts(kafkaPort, nodes).map((p) => `127.0.0.1:${p}`),
        security: PLAINTEXT_SECURITY,
        client: readKafkaClient(r),
      };
  const config: StackConfig = {
    repoRoot,
    stateDir: r.string('STACK_STATE_DIR', path.join(repoRoot, '.stack')),
    cacheDir: r.string('STACK_CACHE_DIR', path.join(repoRoot, 'stack', '.cache')),
    kafka: {
      ...kafka,
      external: externalKafka,
      nodes,
      port: kafkaPort,
      controllerPort: r.int(
        'STACK_KAFKA_CONTROLLER_PORT',
        Number.isInteger(kafkaPort) ? kafkaPort + 1 : 9093,
        PORT,
      ),
      saslPort: r.int('STACK_KAFKA_SASL_PORT', Number.isInteger(kafkaPort) ? kafkaPort + 10 : 9102, {
        min: 0,
        max: 65535,
      }),
    },
    registry: {
      url: registry.url,
      connection: registry,
      external: Boolean(env.SCHEMA_REGISTRY_URL),
      port: registryPort,
      managementPort: r.int('STACK_REGISTRY_MANAGEMENT_PORT', 9001, PORT),
    },
    postgres: {
      adminUrl,
      databases: {
        users: r.url('USERS_DATABASE_URL', withDatabase(adminUrl, 'users'), postgresUrl),
        orders: r.url('ORDERS_DATABASE_URL', withDatabase(adminUrl, 'orders'), postgresUrl),
        registry: withDatabase(adminUrl, 'apicurio'),
      },
      external: Boolean(env.USERS_DATABASE_URL && env.ORDERS_DATABASE_URL),
    },
    startTimeoutMs: r.int('STACK_START_TIMEOUT_MS', 120_000, { min: 1, max: 3_600_000 }),
  };
  r.done();
  return config;
}
