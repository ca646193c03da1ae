import path from 'node:path';

/**
 * Where each part of the local stack lives. Every URL and port can be overridden;
 * a component whose URL points elsewhere (docker compose, a cloud cluster) is not started.
 */
export interface StackConfig {
  repoRoot: string;
  stateDir: string;
  cacheDir: string;
  kafka: { brokers: string[]; external: boolean; port: number; controllerPort: number };
  registry: { url: string; external: boolean; port: number; managementPort: number };
  postgres: {
    adminUrl: string;
    /** Connection string per database the stack provides (users, orders, the registry's own). */
    databases: Record<'users' | 'orders' | 'registry', string>;
    external: boolean;
  };
  startTimeoutMs: number;
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    throw new Error(`${name} must be a TCP port number, got "${raw}"`);
  }
  return n;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Reads the stack's settings from the environment once. */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const kafkaPort = intVar(env, 'STACK_KAFKA_PORT', 9092);
  const registryPort = intVar(env, 'STACK_REGISTRY_PORT', 8081);
  const pgPort = intVar(env, 'STACK_POSTGRES_PORT', 5432);
  const adminUrl = env.STACK_POSTGRES_URL || `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`;
  const usersUrl = env.USERS_DATABASE_URL || withDatabase(adminUrl, 'users');
  const ordersUrl = env.ORDERS_DATABASE_URL || withDatabase(adminUrl, 'orders');
  return {
    repoRoot,
    stateDir: env.STACK_STATE_DIR || path.join(repoRoot, '.stack'),
    cacheDir: env.STACK_CACHE_DIR || path.join(repoRoot, 'stack', '.cache'),
    kafka: {
      brokers: (env.KAFKA_BROKERS || `127.0.0.1:${kafkaPort}`).split(',').map((b) => b.trim()),
      external: Boolean(env.KAFKA_BROKERS),
      port: kafkaPort,
      controllerPort: intVar(env, 'STACK_KAFKA_CONTROLLER_PORT', kafkaPort + 1),
    },
    registry: {
      url: env.SCHEMA_REGISTRY_URL || `http://127.0.0.1:${registryPort}/apis/ccompat/v7`,
      external: Boolean(env.SCHEMA_REGISTRY_URL),
      port: registryPort,
      managementPort: intVar(env, 'STACK_REGISTRY_MANAGEMENT_PORT', 9001),
    },
    postgres: {
      adminUrl,
      databases: { users: usersUrl, orders: ordersUrl, registry: withDatabase(adminUrl, 'apicurio') },
      external: Boolean(env.USERS_DATABASE_URL && env.ORDERS_DATABASE_URL),
    },
    startTimeoutMs: intVarMs(env, 'STACK_START_TIMEOUT_MS', 120_000),
  };
}

function intVarMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive number of ms, got "${raw}"`);
  return n;
}
