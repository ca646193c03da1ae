/**
 * The production build, run as the image runs it: `npm run build`, then what the Dockerfile's runtime
 * stage holds (production dependencies only, the compiled dist/, its ENV) in a temporary folder, and
 * docker-compose.yml's own commands for the services and the register-schemas job, against the real
 * stack. Also: no compiled file of any workspace requires a package its manifest does not list in
 * `dependencies` (a devDependency would be missing from the image).
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { randomSuffix } from '../support/stack-env';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ensureRealContracts } from '../support/test-topics';
import { REPO_ROOT } from '../support/dockerfile';
import { assembleRuntimeImage, buildCheckout, type RuntimeImage } from './support/runtime-image';
import { serviceEnv, startNodeProcess, type ServiceProcess } from './support/service-process';
import { eventually, http } from './support/system';

jest.setTimeout(180_000);

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readManifest = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
const rootManifest = readManifest(REPO_ROOT);

/** docker-compose.yml's command for `service`, `node` first. */
function composeCommand(service: string): string[] {
  const compose = parse(fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { command?: string[] }>;
  };
  const command = compose.services[service]?.command ?? [];
  expect(command[0]).toBe('node');
  return command.slice(1);
}

/** Every `.js` file under `dir`. */
function jsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => path.join(dir, file));
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`); undefined for a relative one. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const builtins = new Set(builtinModules);

/** One line per require of a compiled file of `dir` that its manifest's dependencies do not cover. */
function undeclaredRequires(dir: string): string[] {
  const manifest = readManifest(path.join(REPO_ROOT, dir));
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  return jsFiles(path.join(REPO_ROOT, dir, 'dist')).flatMap((file) => {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    return importedFiles
      .map((ref) => ref.fileName)
      .filter((specifier) => {
        const name = packageOf(specifier);
        return name !== undefined && !builtins.has(name.replace(/^node:/, '')) && !declared.has(name);
      })
      .map((specifier) => `${path.relative(REPO_ROOT, file)} requires ${specifier}`);
  });
}

let image: RuntimeImage;
const databases: TestDatabase[] = [];
const started: ServiceProcess[] = [];

beforeAll(async () => {
  buildCheckout();
  image = assembleRuntimeImage();
  // The services and the job use the real topic names, as in compose.
  await ensureRealContracts();
}, 900_000);

afterAll(async () => {
  for (const service of started) service.child.kill('SIGKILL');
  await Promise.all(databases.map((db) => db.drop()));
  image?.remove();
});

/** A process of the image: its ENV and the settings given, nothing inherited from this process but PATH. */
function startInImage(args: string[], env: Record<string, string>): ServiceProcess {
  const process_ = startNodeProcess(
    args,
    {
      PATH: process.env.PATH,
      ...(process.env.KAFKA_CLIENT ? { KAFKA_CLIENT: process.env.KAFKA_CLIENT } : {}),
      ...image.env,
      ...env,
    },
    image.root,
  );
  started.push(process_);
  return process_;
}

async function startServiceInImage(name: string): Promise<{ service: ServiceProcess; url: string }> {
  const db = await createTestDatabase([]);
  databases.push(db);
  const service = startInImage(
    composeCommand(name),
    serviceEnv({ HTTP_HOST: '127.0.0.1', DATABASE_URL: db.url, KAFKA_GROUP_ID: `image_${randomSuffix()}` }),
  );
  const url = await service.url().catch((err: unknown) => {
    throw new Error(`${name} did not listen: ${String(err)}\n${service.lines.join('\n')}`);
  });
  // /health answers as soon as the process listens; /ready once migrations, Kafka and the registry are done.
  expect((await http('GET', `${url}/health`)).status).toBe(200);
  await eventually(async () => (await http('GET', `${url}/ready`)).status === 200, 90_000);
  return { service, url };
}

async function stopsCleanly(service: ServiceProcess): Promise<void> {
  service.child.kill('SIGTERM');
  expect(await service.exitCode()).toBe(0);
}

test("every workspace's compiled code requires only Node's modules and its declared dependencies", () => {
  const dirs = rootManifest.workspaces ?? [];
  expect(dirs.length).toBeGreaterThan(0);
  for (const dir of dirs)
    expect({ dir, built: jsFiles(path.join(REPO_ROOT, dir, 'dist')).length > 0 }).toEqual({
      dir,
      built: true,
    });
  expect(dirs.flatMap(undeclaredRequires)).toEqual([]);
});

test('the runtime stage holds no development tool', () => {
  const installed = (name: string) => fs.existsSync(path.join(image.root, 'node_modules', name));
  for (const tool of ['tsx', 'typescript', 'jest', '@swc/core']) {
    expect(Object.keys(rootManifest.devDependencies ?? {})).toContain(tool);
    expect({ tool, installed: installed(tool) }).toEqual({ tool, installed: false });
  }
  expect(fs.existsSync(path.join(image.root, 'user-service', 'src'))).toBe(false);
});

test('the register-schemas job runs from the image', async () => {
  const job = startInImage(composeCommand('register-schemas'), serviceEnv({}));
  expect(await job.exitCode()).toBe(0);
  expect(job.lines.join('\n')).toMatch(/schemas:register: \d+ topic\(s\)/);
});

test('user-service runs from the image: /health, /ready, POST /users → 201, /openapi.json and /docs, the event published, exit 0 on SIGTERM', async () => {
  const { service, url } = await startServiceInImage('user-service');
  const created = await http('POST', `${url}/users`, {
    email: `image-${randomSuffix()}@example.com`,
    name: 'I',
  });
  expect(created.status).toBe(201);
  // The API description and Swagger UI's files (read from swagger-ui-dist, a production dependency).
  expect((await http('GET', `${url}/openapi.json`)).body).toMatchObject({ paths: { '/users': {} } });
  expect((await fetch(`${url}/docs/swagger-ui.css`)).status).toBe(200);
  const db = databases[databases.length - 1]!;
  // Published: the relay deleted the row it sent (the 201 means the row was written).
  await eventually(async () => (await db.db('outbox').where({ key: created.body.id }).first()) === undefined);
  await stopsCleanly(service);
});

test('order-service runs from the image: /health, /ready, exit 0 on SIGTERM', async () => {
  const { service, url } = await startServiceInImage('order-service');
  expect((await http('GET', `${url}/health`)).body).toMatchObject({ checks: { database: { ok: true } } });
  await stopsCleanly(service);
});
