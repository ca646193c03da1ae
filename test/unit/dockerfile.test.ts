/**
 * No Docker engine runs here, so the Dockerfile's stages are checked as written: a build stage that
 * compiles, and a runtime stage with production dependencies only, the compiled output of exactly the
 * workspaces the services need, a non-root user and a HEALTHCHECK on /health. The end-to-end test
 * (test/e2e/production-image.test.ts) runs what that stage holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  copiesOf,
  envOf,
  execForm,
  instructionsOf,
  readDockerfile,
  REPO_ROOT,
  runCommands,
  type DockerStage,
} from '../support/dockerfile';
import { SERVICE_NODE_FLAGS } from '@contract-events/runtime/tools';
import { listWorkspaces, type Workspace } from './support/workspace-sources';

const stages = readDockerfile();
const workspaces = listWorkspaces();
const SERVICES = ['@contract-events/user-service', '@contract-events/order-service'];

function stage(name: string): DockerStage {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage named ${name}`);
  return found;
}

function dependencies(ws: Workspace): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, ws.dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {});
}

/** The services and every workspace they depend on in production, transitively. */
function shippedWorkspaces(): Workspace[] {
  const byName = new Map(workspaces.map((ws) => [ws.manifest.name, ws]));
  const shipped = new Map<string, Workspace>();
  const visit = (name: string) => {
    const ws = byName.get(name);
    if (!ws || shipped.has(name)) return;
    shipped.set(name, ws);
    dependencies(ws).forEach(visit);
  };
  SERVICES.forEach(visit);
  return [...shipped.values()];
}

/** The export condition under which a workspace's package.json resolves its compiled dist/ files. */
function distConditions(ws: Workspace): string[] {
  const entries = Object.values((ws.manifest.exports ?? {}) as Record<string, Record<string, string>>);
  return entries.flatMap((conditions) =>
    Object.entries(conditions)
      .filter(([, target]) => target.startsWith('./dist/'))
      .map(([condition]) => condition),
  );
}

function command(stageName: string, program: string, subcommand: string): string[][] {
  return runCommands(stage(stageName)).filter((c) => c[0] === program && c[1] === subcommand);
}

const build = 'build';
const runtime = 'runtime';
const shipped = shippedWorkspaces();

test('has a build stage and ends with the runtime stage, both on Node 22', () => {
  expect(stages.map((s) => s.name)).toEqual([build, runtime]);
  for (const s of stages) expect(s.image).toMatch(/^node:22[.-]/);
});

test('the build stage installs everything and compiles the whole source tree', () => {
  expect(command(build, 'npm', 'ci')).toHaveLength(1);
  expect(command(build, 'npm', 'ci')[0]).not.toContain('--omit=dev');
  expect(copiesOf(stage(build))).toContainEqual({ from: undefined, sources: ['.'], dest: '.' });
  expect(command(build, 'npm', 'run')).toEqual([['npm', 'run', 'build']]);
});

test('both stages copy patches/ before npm ci, whose postinstall applies them to dependencies', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(manifest.scripts['postinstall']).toMatch(/^patch-package\b/);
  expect(fs.readdirSync(path.join(REPO_ROOT, 'patches')).length).toBeGreaterThan(0);
  for (const name of [build, runtime]) {
    const { instructions } = stage(name);
    const copiesPatches = instructions.findIndex((i) => i.keyword === 'COPY' && i.args[0] === 'patches');
    const installs = instructions.findIndex(
      (i) => i.keyword === 'RUN' && i.args.join(' ').includes('npm ci'),
    );
    expect({ name, copiesPatches: copiesPatches >= 0, before: copiesPatches < installs }).toEqual({
      name,
      copiesPatches: true,
      before: true,
    });
  }
  // patch-package runs in the runtime stage's install too: a production dependency of a shipped workspace.
  expect(shipped.some((ws) => dependencies(ws).includes('patch-package'))).toBe(true);
});

test("the runtime stage installs the shipped workspaces' production dependencies only", () => {
  expect(shipped.map((ws) => ws.dir).sort()).toEqual(
    expect.arrayContaining(['contracts', 'event-runtime', 'order-service', 'user-service']),
  );
  const [ci, ...more] = command(runtime, 'npm', 'ci');
  expect(more).toEqual([]);
  expect(ci).toContain('--omit=dev');
  const selected = (ci ?? []).filter((a) => a.startsWith('--workspace=')).map((a) => a.slice(12));
  expect(selected.sort()).toEqual(shipped.map((ws) => ws.manifest.name).sort());
  expect(command(runtime, 'npm', 'run')).toEqual([]);
});

test('the runtime stage holds the compiled dist/ of exactly those workspaces, and no source tree', () => {
  const copies = copiesOf(stage(runtime));
  const fromBuild = copies.filter((c) => c.from === build);
  const byDest = (a: { dest: string }, b: { dest: string }) => a.dest.localeCompare(b.dest);
  expect(fromBuild.map((c) => ({ sources: c.sources, dest: c.dest })).sort(byDest)).toEqual(
    shipped.map((ws) => ({ sources: [`/app/${ws.dir}/dist`], dest: `${ws.dir}/dist` })).sort(byDest),
  );
  const fromContext = copies.filter((c) => c.from === undefined).flatMap((c) => c.sources);
  expect(fromContext).not.toContain('.');
  expect(fromContext.filter((source) => source.includes('src'))).toEqual([]);
});

test('the runtime stage resolves the workspaces to their dist/ through the export condition', () => {
  const conditions = new Set(shipped.flatMap(distConditions));
  expect(conditions.size).toBe(1);
  const [condition] = conditions;
  expect(envOf(stage(runtime))['NODE_OPTIONS']?.split(/\s+/)).toContain(`--conditions=${condition}`);
  expect(envOf(stage(runtime))['NODE_ENV']).toBe('production');
});

test("the runtime stage's NODE_OPTIONS holds the Node flags every service is started with", () => {
  // bench/ and `npm start` pass SERVICE_NODE_FLAGS on the command line; the image cannot import them.
  const options = envOf(stage(runtime))['NODE_OPTIONS']?.split(/\s+/) ?? [];
  expect(SERVICE_NODE_FLAGS.length).toBeGreaterThan(0);
  expect(options).toEqual(expect.arrayContaining([...SERVICE_NODE_FLAGS]));
});

test('the runtime stage runs as a non-root user', () => {
  const users = instructionsOf(stage(runtime), 'USER').map((u) => u.args[0]);
  expect(users.length).toBeGreaterThan(0);
  expect(['root', '0']).not.toContain(users[users.length - 1]);
  const keywords = stage(runtime).instructions.map((i) => i.keyword);
  // Everything after the last USER runs as that user, the CMD included.
  expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.lastIndexOf('CMD'));
});

test("the runtime stage's HEALTHCHECK probes the service's /health on HTTP_PORT", () => {
  const [check, ...more] = instructionsOf(stage(runtime), 'HEALTHCHECK');
  expect(more).toEqual([]);
  expect(check?.args[0]).toBe('CMD');
  const probe = execForm(check!);
  expect(probe[0]).toBe('node');
  expect(probe.join(' ')).toContain('process.env.HTTP_PORT}/health');
});

test('the default command prints the usage, which names every program the image runs', () => {
  const [cmd] = instructionsOf(stage(runtime), 'CMD');
  expect(execForm(cmd!)).toEqual(['cat', 'docker/usage.txt']);
  const usage = fs.readFileSync(path.join(REPO_ROOT, 'docker/usage.txt'), 'utf8');
  const programs = [...usage.matchAll(/node (\S+\.js)/g)].map((m) => m[1] ?? '');
  expect(programs.length).toBeGreaterThan(0);
  for (const program of programs) {
    const [dir = '', , ...rest] = program.split('/');
    expect({ program, shipped: shipped.some((ws) => ws.dir === dir) }).toEqual({ program, shipped: true });
    const source = path.join(REPO_ROOT, dir, 'src', rest.join('/').replace(/\.js$/, '.ts'));
    expect({ program, source: fs.existsSync(source) }).toEqual({ program, source: true });
  }
});
