/**
 * `npm start`: the whole system on this machine. Brings up the stack, registers the contracts
 * (topics, schemas, compatibility levels), runs both services, prints their URLs; Ctrl-C stops
 * the services (the stack keeps running; `npm run stack:down` stops it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import {
  PollAbandonedError,
  PollTimeoutError,
  pollUntil,
  SERVICE_NODE_FLAGS,
} from '@contract-events/runtime/tools';
import { loadStackConfig, type StackConfig } from '../config/stack-config';
import { stackUp } from '../stack';

const services = [
  { name: 'user-service', port: 3001, database: 'users' as const },
  { name: 'order-service', port: 3002, database: 'orders' as const },
];

function prefixLines(stream: NodeJS.ReadableStream, prefix: string, out: NodeJS.WriteStream): void {
  readline.createInterface({ input: stream }).on('line', (line) => out.write(`${prefix} ${line}\n`));
}

/** Polls the service's /ready until it answers 200; fails at once if the service exits first. */
async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const ready = () =>
    fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
  try {
    await pollUntil(ready, {
      timeoutMs,
      intervalMs: 300,
      what: `${url}/ready`,
      alive: () => child.exitCode === null,
    });
  } catch (err) {
    // pollUntil's messages know neither the exit code nor that 200 is what was awaited.
    if (err instanceof PollAbandonedError) {
      throw new Error(`${url} exited with code ${child.exitCode} during startup`);
    }
    if (err instanceof PollTimeoutError) {
      throw new Error(`${url}/ready did not answer 200 within ${timeoutMs / 1000}s`);
    }
    throw err;
  }
}

/**
 * The registry settings for a child: the URL, and a secured registry's credentials even when they
 * came inside SCHEMA_REGISTRY_URL (the config moves them out of it). SCHEMA_REGISTRY_CA_FILE is
 * inherited with the rest of the environment.
 */
function registryEnv(cfg: StackConfig): Record<string, string> {
  const { url, basicAuth } = cfg.registry.connection;
  return {
    SCHEMA_REGISTRY_URL: url,
    ...(basicAuth
      ? {
          SCHEMA_REGISTRY_USERNAME: basicAuth.username,
          SCHEMA_REGISTRY_PASSWORD: basicAuth.password.reveal(),
        }
      : {}),
  };
}

async function main(): Promise<void> {
  const cfg = loadStackConfig();
  await stackUp(cfg);
  const register = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'event-runtime/src/cli/schemas-register.ts'],
    {
      cwd: cfg.repoRoot,
      stdio: 'inherit',
      env: {
        ...process.env,
        KAFKA_BROKERS: cfg.kafka.brokers.join(','),
        ...registryEnv(cfg),
      },
    },
  );
  if (register.status !== 0) throw new Error('registering the contracts failed (see above)');

  const children = services.map((svc) => {
    const entry = path.join(svc.name, 'src', 'main.ts');
    // The Node flags every service is started with (the production image sets the same in NODE_OPTIONS).
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '--import', 'tsx', entry], {
      cwd: cfg.repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HTTP_PORT: String(svc.port),
        DATABASE_URL: cfg.postgres.databases[svc.database],
        KAFKA_BROKERS: cfg.kafka.brokers.join(','),
        ...registryEnv(cfg),
      },
    });
    prefixLines(child.stdout!, `[${svc.name}]`, process.stdout);
    prefixLines(child.stderr!, `[${svc.name}]`, process.stderr);
    return { ...svc, child, url: `http://127.0.0.1:${svc.port}` };
  });

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the services (the stack keeps running; npm run stack:down stops it)...');
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.child.exitCode !== null) return resolve();
            c.child.once('exit', () => resolve());
            c.child.kill('SIGTERM');
          }),
      ),
    );
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const c of children) {
    c.child.once('exit', (code) => {
      if (!stopping) {
        console.error(`${c.name} exited with code ${code}; stopping the other`);
        void stopAll(1);
      }
    });
  }

  await Promise.all(children.map((c) => waitReady(c.url, c.child)));
  console.log(
    [
      '',
      'The system is up:',
      ...children.map((c) => `  ${c.name.padEnd(14)} ${c.url}  (/health /ready /metrics)`),
      `  schema registry ${cfg.registry.url}`,
      `  kafka           ${cfg.kafka.brokers.join(',')}`,
      'Read a topic decoded: npm run inspect -- user_created',
      'Press Ctrl-C to stop the services.',
      '',
    ].join('\n'),
  );
}

main().catch((err: Error) => {
  console.error(`npm start: ${err.message}`);
  process.exit(1);
});
