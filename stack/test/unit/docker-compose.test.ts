// Nothing can run docker-compose.yml here, so this checks its wiring instead: that each of our services gets
// exactly the configuration its config.ts reads, and that every address points at the right container.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES as USER_SERVICE_VARIABLES } from '@contract-events/user-service';
import { CONFIG_VARIABLES as ORDER_SERVICE_VARIABLES } from '@contract-events/order-service';
import { readDockerfile } from '../../../test/support/dockerfile';

const ROOT = path.resolve(__dirname, '../../..');

type Scalar = string | number | boolean | null;
interface PortMapping {
  target: number;
  published?: number;
  protocol: string;
}
interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string | string[];
  environment?: Record<string, Scalar> | string[];
  ports?: (string | number | { target: number | string; published?: number | string; protocol?: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as ComposeFile;
const services = compose.services;

function service(name: string): ComposeService {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function environment(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

function variable(name: string, key: string): string {
  const value = environment(name)[key];
  if (value === undefined) throw new Error(`${name} does not set ${key}`);
  return value;
}

function ports(name: string): PortMapping[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return {
        target: Number(port.target),
        published: port.published === undefined ? undefined : Number(port.published),
        protocol: port.protocol ?? 'tcp',
      };
    }
    const [spec = '', protocol = 'tcp'] = String(port).split('/');
    const parts = spec.split(':');
    if (parts.length > 3 || parts.slice(-2).some((part) => !/^\d+$/.test(part))) {
      throw new Error(`${name}: cannot read port mapping ${String(port)}`);
    }
    const target = Number(parts[parts.length - 1]);
    const published = parts.length > 1 ? Number(parts[parts.length - 2]) : undefined;
    return { target, published, protocol };
  });
}

function publishedPort(name: string, target: number): number | undefined {
  return ports(name).find((port) => port.target === target)?.published;
}

function dependsOn(name: string): Record<string, string> {
  const deps = service(name).depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((dep) => [dep, 'service_started']));
  return Object.fromEntries(
    Object.entries(deps).map(([dep, spec]) => [dep, spec?.condition ?? 'service_started']),
  );
}

function hasHealthcheck(name: string): boolean {
  const check = service(name).healthcheck;
  if (!check || check.disable) return false;
  const test = Array.isArray(check.test) ? check.test : [check.test];
  return test.length > 0 && test[0] !== undefined && test[0] !== 'NONE';
}

function command(name: string): string {
  const cmd = service(name).command;
  return Array.isArray(cmd) ? cmd.join(' ') : (cmd ?? '');
}

function builtFromRepoDockerfile(name: string): boolean {
  const build = service(name).build;
  if (build === undefined) return false;
  const context = typeof build === 'string' ? build : (build.context ?? '.');
  const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build.dockerfile ?? 'Dockerfile');
  return path.resolve(ROOT, context) === ROOT && dockerfile === 'Dockerfile';
}

/** The Dockerfile stage a service's image is built to; the last stage when it names none. */
function buildTarget(name: string): string | undefined {
  const build = service(name).build;
  const target = typeof build === 'object' ? build.target : undefined;
  return target ?? readDockerfile().at(-1)?.name;
}

/** The production stage (test/unit/dockerfile.test.ts checks what it holds). */
const RUNTIME_STAGE = 'runtime';

/** `NAME://host:port,...` as in KAFKA_LISTENERS / KAFKA_ADVERTISED_LISTENERS. */
function listeners(value: string): { name: string; host: string; port: number }[] {
  return value.split(',').map((entry) => {
    const match = /^([A-Za-z0-9_]+):\/\/([^:]*):(\d+)$/.exec(entry.trim());
    if (!match) throw new Error(`cannot read listener ${entry}`);
    return { name: match[1] ?? '', host: match[2] ?? '', port: Number(match[3]) };
  });
}

const KAFKA = 'kafka';
const REGISTRY = 'schema-registry';
const REGISTER = 'register-schemas';

/** The listener the kafka service advertises under its own name: the one other containers must use. */
function kafkaInternalBootstrap(): string {
  const advertised = listeners(variable(KAFKA, 'KAFKA_ADVERTISED_LISTENERS'));
  const internal = advertised.filter((l) => l.host === KAFKA);
  expect(internal).toHaveLength(1);
  const [listener] = internal;
  // ...and the broker actually listens on it.
  const bound = listeners(variable(KAFKA, 'KAFKA_LISTENERS'));
  expect(bound).toContainEqual(expect.objectContaining({ name: listener?.name, port: listener?.port }));
  return `${KAFKA}:${listener?.port}`;
}

function registryPort(): number {
  const url = new URL(variable(REGISTRY, 'SCHEMA_REGISTRY_LISTENERS').split(',')[0] ?? '');
  return Number(url.port || 80);
}

function expectKafkaBrokers(value: string): void {
  const internal = kafkaInternalBootstrap();
  const brokers = value.split(',').map((broker) => broker.trim());
  expect(brokers.length).toBeGreaterThan(0);
  for (const broker of brokers) expect(broker).toBe(internal);
}

function expectRegistryUrl(value: string): void {
  const url = new URL(value);
  expect(url.protocol).toBe('http:');
  expect(url.hostname).toBe(REGISTRY);
  expect(Number(url.port || 80)).toBe(registryPort());
  expect(url.pathname).toBe('/');
}

const OUR_SERVICES = [
  { name: 'user-service', variables: USER_SERVICE_VARIABLES, db: 'users-db', database: 'users' },
  { name: 'order-service', variables: ORDER_SERVICE_VARIABLES, db: 'orders-db', database: 'orders' },
] as const;

describe('docker-compose.yml', () => {
  describe.each(OUR_SERVICES)('$name', ({ name, variables, db, database }) => {
    it("runs its compiled main from the Dockerfile's runtime stage", () => {
      expect(builtFromRepoDockerfile(name)).toBe(true);
      expect(buildTarget(name)).toBe(RUNTIME_STAGE);
      expect(command(name)).toBe(`node ${name}/dist/main.js`);
    });

    it('sets exactly the variables its config.ts reads', () => {
      expect(variables.length).toBeGreaterThan(0);
      expect(Object.keys(environment(name)).sort()).toEqual([...variables].sort());
    });

    it('listens on all interfaces and publishes HTTP_PORT on the same host port', () => {
      expect(variable(name, 'HTTP_HOST')).toBe('0.0.0.0');
      const port = Number(variable(name, 'HTTP_PORT'));
      expect(Number.isInteger(port)).toBe(true);
      expect(ports(name)).toContainEqual({ target: port, published: port, protocol: 'tcp' });
      // The image's HEALTHCHECK probes /health on HTTP_PORT: compose keeps it rather than restating it.
      expect(service(name).healthcheck).toBeUndefined();
    });

    it('points DATABASE_URL at its own database and waits for it to be healthy', () => {
      const url = new URL(variable(name, 'DATABASE_URL'));
      expect(url.protocol).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname).toBe(db);
      expect(Number(url.port || 5432)).toBe(5432);
      expect(url.pathname).toBe(`/${database}`);
      expect(service(db).image).toMatch(/^postgres:/);
      expect(variable(db, 'POSTGRES_DB')).toBe(database);
      expect(decodeURIComponent(url.username)).toBe(variable(db, 'POSTGRES_USER'));
      expect(decodeURIComponent(url.password)).toBe(variable(db, 'POSTGRES_PASSWORD'));
      expect(dependsOn(name)[db]).toBe('service_healthy');
    });

    it('points KAFKA_BROKERS at the internal listener kafka advertises', () => {
      expectKafkaBrokers(variable(name, 'KAFKA_BROKERS'));
    });

    it('points SCHEMA_REGISTRY_URL at the schema-registry service and port', () => {
      expectRegistryUrl(variable(name, 'SCHEMA_REGISTRY_URL'));
    });

    it('starts only after register-schemas has completed', () => {
      expect(dependsOn(name)[REGISTER]).toBe('service_completed_successfully');
    });
  });

  it('gives each service its own database', () => {
    const hosts = OUR_SERVICES.map(({ name }) => new URL(variable(name, 'DATABASE_URL')).host);
    expect(new Set(hosts).size).toBe(hosts.length);
  });

  it('register-schemas is a one-shot job against the internal Kafka and registry, after both are healthy', () => {
    expect(builtFromRepoDockerfile(REGISTER)).toBe(true);
    expect(buildTarget(REGISTER)).toBe(RUNTIME_STAGE);
    expect(command(REGISTER)).toBe('node event-runtime/dist/cli/schemas-register.js');
    expect(hasHealthcheck(REGISTER)).toBe(false);
    expect(['always', 'unless-stopped']).not.toContain(service(REGISTER).restart);
    expectKafkaBrokers(variable(REGISTER, 'KAFKA_BROKERS'));
    expectRegistryUrl(variable(REGISTER, 'SCHEMA_REGISTRY_URL'));
    expect(dependsOn(REGISTER)).toMatchObject({ [KAFKA]: 'service_healthy', [REGISTRY]: 'service_healthy' });
  });

  it('the schema registry stores its schemas in the kafka service', () => {
    const bootstrap = variable(REGISTRY, 'SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS').replace(
      /^PLAINTEXT:\/\//,
      '',
    );
    expectKafkaBrokers(bootstrap);
    expect(dependsOn(REGISTRY)[KAFKA]).toBe('service_healthy');
  });

  it('pins every image to a version (no latest, no untagged image)', () => {
    const images = Object.entries(compose.services)
      .filter(([, s]) => s.image !== undefined)
      .map(([name, s]) => [name, s.image]);
    expect(images.length).toBeGreaterThan(0);
    for (const [name, image] of images) {
      expect({ name, image }).toEqual({ name, image: expect.stringMatching(/:(?!latest$)[\w.-]+$/) });
    }
  });

  it('kafka-ui reads the kafka service and decodes Avro with the schema-registry service', () => {
    expectKafkaBrokers(variable('kafka-ui', 'KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS'));
    expectRegistryUrl(variable('kafka-ui', 'KAFKA_CLUSTERS_0_SCHEMAREGISTRY'));
  });

  it('every service built from the Dockerfile is one this test checks', () => {
    const built = Object.keys(services).filter(builtFromRepoDockerfile).sort();
    expect(built).toEqual([...OUR_SERVICES.map(({ name }) => name), REGISTER].sort());
  });

  it('every depends_on targets a defined service, and service_healthy only services with a healthcheck', () => {
    for (const name of Object.keys(services)) {
      for (const [dep, condition] of Object.entries(dependsOn(name))) {
        expect({ name, dep, defined: dep in services }).toEqual({ name, dep, defined: true });
        if (condition === 'service_healthy') {
          expect({ name, dep, healthcheck: hasHealthcheck(dep) }).toEqual({ name, dep, healthcheck: true });
        }
      }
    }
  });

  it('no two services publish the same host port', () => {
    const published = Object.keys(services).flatMap((name) =>
      ports(name)
        .filter((port) => port.published !== undefined)
        .map((port) => ({ name, key: `${port.published}/${port.protocol}` })),
    );
    const owners = new Map<string, string[]>();
    for (const { name, key } of published) owners.set(key, [...(owners.get(key) ?? []), name]);
    const clashes = [...owners].filter(([, names]) => names.length > 1);
    expect(clashes).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

  it('copies every workspace manifest before npm ci', () => {
    const workspaces = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }
    ).workspaces;
    const npmCi = dockerfile.search(/^RUN npm ci\b/m);
    expect(npmCi).toBeGreaterThan(0);
    for (const workspace of workspaces) {
      const copy = new RegExp(`^COPY .*\\b${workspace}/package\\.json\\s+${workspace}/?\\s*$`, 'm').exec(
        dockerfile,
      );
      expect({ workspace, copied: copy !== null && copy.index < npmCi }).toEqual({ workspace, copied: true });
    }
  });

  it('.dockerignore keeps local installs and caches out of the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.stack', 'stack/.cache', '.git']));
  });
});

describe('.github/workflows/ci.yml', () => {
  interface Workflow {
    jobs: Record<string, { env?: Record<string, string>; steps: { run?: string }[] }>;
  }
  const workflow = parse(readFileSync(path.join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
  const testJob = workflow.jobs['test'];
  const env = testJob?.env ?? {};

  function hostPort(url: URL): number {
    expect(url.hostname).toBe('localhost');
    return Number(url.port);
  }

  it('starts with compose only services that have a healthcheck to wait for', () => {
    const up = testJob?.steps.map((step) => step.run ?? '').find((run) => run.includes('docker compose up'));
    expect(up).toBeDefined();
    const started = (up ?? '').split(/\s+/).filter((word) => word in services);
    expect(started.sort()).toEqual(['kafka', 'orders-db', 'schema-registry', 'users-db']);
    for (const name of started)
      expect({ name, healthcheck: hasHealthcheck(name) }).toEqual({ name, healthcheck: true });
  });

  it("points the tests at compose's host ports", () => {
    const hostListener = listeners(variable(KAFKA, 'KAFKA_ADVERTISED_LISTENERS')).find(
      (l) => l.host === 'localhost',
    );
    expect(hostListener).toBeDefined();
    expect(env['KAFKA_BROKERS']).toBe(`localhost:${hostListener?.port}`);
    expect(publishedPort(KAFKA, hostListener?.port ?? -1)).toBe(hostListener?.port);

    const registry = new URL(env['SCHEMA_REGISTRY_URL'] ?? '');
    expect(hostPort(registry)).toBe(publishedPort(REGISTRY, registryPort()));

    for (const [key, db, database] of [
      ['USERS_DATABASE_URL', 'users-db', 'users'],
      ['ORDERS_DATABASE_URL', 'orders-db', 'orders'],
    ] as const) {
      const url = new URL(env[key] ?? '');
      expect({ key, port: hostPort(url) }).toEqual({ key, port: publishedPort(db, 5432) });
      expect(url.pathname).toBe(`/${database}`);
      expect(decodeURIComponent(url.username)).toBe(variable(db, 'POSTGRES_USER'));
      expect(decodeURIComponent(url.password)).toBe(variable(db, 'POSTGRES_PASSWORD'));
    }
  });

  it('fails on a high or critical advisory in the production dependencies', () => {
    const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
    expect(runs).toContain('npm audit --omit=dev --audit-level=high');
  });
});
