import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readServiceManifest } from '../../src/generator/service-manifest';

/** A repository with one service workspace whose src files are `files`. */
function repoWith(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'service-manifest-'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ workspaces: ['svc', 'lib'] }));
  fs.mkdirSync(path.join(root, 'lib', 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'lib', 'src', 'index.ts'), 'export const x = 1;\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, 'svc', 'src', name)), { recursive: true });
    fs.writeFileSync(path.join(root, 'svc', 'src', name), text);
  }
  return root;
}

const app = (handlers: string) =>
  `import { onA } from './events/on-a';\n` +
  `export const svc: ServiceDefinition<Config> = {\n  name: 'svc',\n  migrations: [],\n` +
  `  handlers: { ${handlers} },\n  routes: () => [],\n};\n`;

describe('readServiceManifest (static read of the service code)', () => {
  const roots: string[] = [];
  const make = (files: Record<string, string>) => {
    const root = repoWith(files);
    roots.push(root);
    return root;
  };
  afterAll(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  test('consumes are the handler keys, produces the enqueued topics; workspaces without app.ts are not services', () => {
    const root = make({
      'app.ts': app("a_topic: onA, 'b_topic': onB"),
      'http/routes.ts':
        "await outbox.enqueue(trx, 'c_topic', build(row));\nawait this.outbox.enqueue(t, 'a_topic', e);\n" +
        "await outbox.enqueueMany(trx, 'd_topic', events);\n" +
        "await outbox.writeWithEvents(db, insert(db, row), 'e_topic', [build(row)]);\n",
    });
    expect(readServiceManifest(root, ['a_topic', 'b_topic', 'c_topic', 'd_topic', 'e_topic'])).toEqual({
      services: {
        svc: { consumes: ['a_topic', 'b_topic'], produces: ['a_topic', 'c_topic', 'd_topic', 'e_topic'] },
      },
    });
  });

  test('a topic that is not a literal, or not in topics.json, stops codegen', () => {
    const dynamic = make({ 'app.ts': app('a_topic: onA'), 'x.ts': 'outbox.enqueue(trx, topic, e);\n' });
    expect(() => readServiceManifest(dynamic, ['a_topic'])).toThrow(
      expect.objectContaining({
        code: 'SERVICE_MANIFEST_FAILED',
        message: expect.stringMatching(/x\.ts:1: enqueue with a topic that is not a string literal/),
      }),
    );
    const unknown = make({ 'app.ts': app('gone: onA') });
    expect(() => readServiceManifest(unknown, ['a_topic'])).toThrow(
      /service svc names topic gone, which topics.json does not have/,
    );
  });

  test('no manifest outside a repository with workspaces', () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'service-manifest-bare-'));
    roots.push(bare);
    expect(readServiceManifest(bare, [])).toBeUndefined();
  });
});
