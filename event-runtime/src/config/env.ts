import { ConfigError } from '../errors';
import { DEFAULT_KAFKA_BROKERS } from './defaults';
import { readKafkaSecurity, type KafkaSecurity } from './kafka-security';
import { readSchemaRegistryConfig, type SchemaRegistryConfig } from './registry-config';
import { Secret } from './secret';
import { readTracingConfig, type TracingConfig } from './tracing-config';

/** `scheme://user:secret@host` → `scheme://user:***@host`, also in text that is not a valid URL. */
export function hidePassword(text: string): string {
  return text.replace(/(\/\/[^/:@\s]*:)[^@\s]*@/g, '$1***@');
}

/**
 * Reads typed settings out of an environment map, collecting every problem so startup fails
 * once with all of them, each naming its variable. The one reader of environment variables: the
 * services' config.ts, the runtime's CLIs ({@link readToolConfig}), the compatibility gate's config
 * and the stack's config go through it.
 */
export class EnvReader {
  private readonly problems: string[] = [];
  private readonly read = new Set<string>();

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** Names of every variable asked for, so tests and docs can compare against docker-compose.yml. */
  get variables(): string[] {
    return [...this.read];
  }

  /**
   * @param show how a bad value is quoted in the problem; URLs hide their password (a malformed one
   *   cannot be parsed, so this is textual).
   */
  string(
    name: string,
    fallback: string,
    check?: (v: string) => string | undefined,
    show: (v: string) => string = (v) => v,
  ): string {
    this.read.add(name);
    const raw = this.env[name];
    const value = raw === undefined || raw.trim() === '' ? fallback : raw.trim();
    const problem = check?.(value);
    if (problem) this.problems.push(`${name}: ${problem} (got "${show(value)}")`);
    return value;
  }

  int(name: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.string(name, String(fallback));
    const n = Number(raw);
    if (!Number.isInteger(n) || n < range.min || n > range.max) {
      this.problems.push(`${name}: expected an integer from ${range.min} to ${range.max} (got "${raw}")`);
    }
    return n;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    return this.string(
      name,
      fallback,
      (v) => {
        try {
          const u = new URL(v);
          return protocols.includes(u.protocol) ? undefined : `expected a ${protocols.join(' or ')} URL`;
        } catch {
          return 'expected a URL';
        }
      },
      hidePassword,
    );
  }

  list(name: string, fallback: string): string[] {
    const items = this.string(name, fallback)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) this.problems.push(`${name}: expected a comma-separated list`);
    return items;
  }

  /**
   * A secret (a password), taken as it is (not trimmed: spaces can be part of it); undefined when
   * unset or empty. Its value never appears in a problem, a log or a dump (see {@link Secret}).
   */
  secret(name: string): Secret | undefined {
    this.read.add(name);
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : new Secret(raw);
  }

  /** A problem that no single variable's check can see (a combination), reported with the others. */
  report(problem: string): void {
    this.problems.push(problem);
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    return this.string(name, fallback, (v) =>
      allowed.includes(v as T) ? undefined : `expected one of ${allowed.join(', ')}`,
    ) as T;
  }

  /** Throws a {@link ConfigError} (`CONFIG_INVALID`) listing every bad variable, if any. */
  done(): void {
    if (this.problems.length > 0) {
      throw new ConfigError(`Invalid configuration:\n  - ${this.problems.join('\n  - ')}`, {
        problems: this.problems,
      });
    }
  }
}

/** The pino levels LOG_LEVEL accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** A level from {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The Kafka client libraries the transport can run on (KAFKA_CLIENT): kafkajs (the default) or
 * @platformatic/kafka. Both implement the same interface (transport/types.ts).
 */
export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
/** One of {@link KAFKA_CLIENTS}. */
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/** Where Kafka is and how to connect to it: what every service, tool and the stack's probe share. */
export interface KafkaConnection {
  brokers: string[];
  security: KafkaSecurity;
  /** The client library the transport runs on (KAFKA_CLIENT). */
  client: KafkaClientName;
}

/** KAFKA_CLIENT through `r`: `kafkajs` unless set; any other value is a configuration error. */
export function readKafkaClient(r: EnvReader): KafkaClientName {
  return r.oneOf('KAFKA_CLIENT', 'kafkajs', KAFKA_CLIENTS);
}

/** Where Kafka and the schema registry are: what every service and every tool needs. */
export interface ConnectionConfig {
  kafka: KafkaConnection;
  schemaRegistry: SchemaRegistryConfig;
}

/**
 * KAFKA_BROKERS, KAFKA_CLIENT and the Kafka security settings (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*,
 * KAFKA_SSL_*; see config/kafka-security.ts) through `r`: the one reading of them, shared by the
 * services, the runtime's CLIs and the stack. `brokersFallback` is the local stack's broker unless
 * the caller knows better.
 */
export function readKafkaConnection(
  r: EnvReader,
  brokersFallback: string = DEFAULT_KAFKA_BROKERS,
): KafkaConnection {
  return {
    brokers: r.list('KAFKA_BROKERS', brokersFallback),
    security: readKafkaSecurity(r),
    client: readKafkaClient(r),
  };
}

/**
 * The settings of the runtime's command-line tools (schemas:register, inspect, dlq:replay).
 *
 * @throws ConfigError `CONFIG_INVALID` naming every bad variable.
 */
export function readToolConfig(env: Record<string, string | undefined>): ConnectionConfig {
  const r = new EnvReader(env);
  const config = { kafka: readKafkaConnection(r), schemaRegistry: readSchemaRegistryConfig(r) };
  r.done();
  return config;
}

/** The settings every service shares: where Kafka, the registry and its database are. */
export interface CommonServiceConfig {
  http: { host: string; port: number };
  databaseUrl: string;
  kafka: KafkaConnection & { clientId: string; groupId: string };
  schemaRegistry: SchemaRegistryConfig;
  logLevel: LogLevel;
  /** OpenTelemetry (OTEL_*); off when absent, as when OTEL_TRACES_EXPORTER is unset. */
  tracing?: TracingConfig;
}

/**
 * Reads the settings every service shares through `r`; the service adds its own, then calls `r.done()`.
 * `defaults` are the service's own: its port, database name and Kafka client and group id.
 */
export function readCommonServiceConfig(
  r: EnvReader,
  defaults: { port: number; database: string; name: string },
): CommonServiceConfig {
  return {
    http: {
      host: r.string('HTTP_HOST', '127.0.0.1'),
      port: r.int('HTTP_PORT', defaults.port, { min: 0, max: 65535 }),
    },
    databaseUrl: r.url('DATABASE_URL', `postgres://postgres:postgres@127.0.0.1:5432/${defaults.database}`, [
      'postgres:',
      'postgresql:',
    ]),
    kafka: {
      ...readKafkaConnection(r),
      clientId: r.string('KAFKA_CLIENT_ID', defaults.name),
      groupId: r.string('KAFKA_GROUP_ID', defaults.name),
    },
    schemaRegistry: readSchemaRegistryConfig(r),
    logLevel: r.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    tracing: readTracingConfig(r, defaults.name),
  };
}
