/** A service as its own process, as `npm start` and docker compose run it. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { SERVICE_NODE_FLAGS, type TopicName } from '@contract-events/runtime/tools';
import { randomSuffix, testStack } from '../../support/stack-env';
import { eventually } from './system';

const repoRoot = path.resolve(__dirname, '../../..');

export interface ServiceProcess {
  child: ChildProcess;
  /** Every line it wrote to stdout and stderr so far (pino JSON, or a crash's text). */
  lines: string[];
  /** Its base URL, once it logged that it listens. */
  url(): Promise<string>;
  exitCode(): Promise<number | null>;
}

/** Starts `user-service/src/main.ts` against the real stack; `env` overrides any setting. */
export function startUserServiceProcess(env: Record<string, string>): ServiceProcess {
  return startServiceProcess('user-service', env);
}

/** Starts `<service>/src/main.ts` against the real stack; `env` overrides any setting. */
export function startServiceProcess(
  service: 'user-service' | 'order-service',
  env: Record<string, string>,
): ServiceProcess {
  return spawnService([`${service}/src/main.ts`], env);
}

/** Topic and subject names for a service process (runServiceMain's overrides). */
export interface ProcessNames {
  topicNames?: Partial<Record<TopicName, string>>;
  subjectNames?: Partial<Record<TopicName, string>>;
}

/**
 * Starts a service's main on a test's own topics and subjects (service-main-on.ts): the same start-up,
 * logging and exit as `main.ts`, which always uses the real names. `root` runs another build of the
 * repository (a copy with other generated code, see build-copy.ts) instead of this one.
 */
export function startServiceProcessOn(
  service: 'user-service' | 'order-service',
  names: ProcessNames,
  env: Record<string, string>,
  { root = repoRoot }: { root?: string } = {},
): ServiceProcess {
  const main = path.join(root, path.relative(repoRoot, path.join(__dirname, 'service-main-on.ts')));
  return spawnService([main, service, JSON.stringify(names)], env, root);
}

/** With the Node flags every service is started with, as `npm start` and the image give them. */
function spawnService(scriptAndArgs: string[], env: Record<string, string>, cwd = repoRoot): ServiceProcess {
  return startNodeProcess(
    [...SERVICE_NODE_FLAGS, '--import', 'tsx', ...scriptAndArgs],
    { ...process.env, ...serviceEnv(env) },
    cwd,
  );
}

/** The settings a service process gets against the test stack; `env` overrides any. */
export function serviceEnv(env: Record<string, string>): Record<string, string> {
  return {
    HTTP_PORT: '0',
    KAFKA_BROKERS: testStack.brokers.join(','),
    SCHEMA_REGISTRY_URL: testStack.registryUrl,
    KAFKA_GROUP_ID: `process_${randomSuffix()}`,
    LOG_LEVEL: 'info',
    ...env,
  };
}

/** `node <args>` in `cwd` with exactly `env`, its output kept line by line (a service or a CLI). */
export function startNodeProcess(args: string[], env: NodeJS.ProcessEnv, cwd: string): ServiceProcess {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => lines.push(line));
  }
  return {
    child,
    lines,
    url: () =>
      eventually(async () => {
        for (const line of lines) {
          const url = jsonLine(line)?.url;
          if (typeof url === 'string') return url;
        }
        return undefined;
      }),
    exitCode: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.once('exit', (code) => resolve(code));
      }),
  };
}

/** A pino line as an object; undefined for anything else (a stack trace, a warning from Node). */
export function jsonLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
