/**
 * The services manifest (`services.json` in the generated folder): which topics each service
 * consumes and produces, read from the services' own code so it has no second source: the keys of
 * the `handlers` of the service definition in `<workspace>/src/app.ts`, and the topic of every
 * `outbox.enqueue(trx, '<topic>', event)` (or `enqueueMany`, `writeWithEvents`) under `<workspace>/src/`. The compatibility gate reads it
 * to say, for a changed schema, what each consumer and producer of the topic can still read. Read
 * with the TypeScript parser (no code is run: a service definition imports the whole runtime,
 * which imports these generated files).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { CodegenError } from './codegen-error';

/** What one service consumes and produces, topic names sorted. */
export interface ServiceTopics {
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
}

/** The manifest's content (without its `$comment`). */
export interface ServiceManifest {
  /** By service name, sorted. */
  readonly services: Readonly<Record<string, ServiceTopics>>;
}

/** File name of the manifest inside the generated folder. */
export const SERVICE_MANIFEST_FILE = 'services.json';

const fail = (message: string, file: string): CodegenError =>
  new CodegenError(message, 'SERVICE_MANIFEST_FAILED', { file });

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function visit(node: ts.Node, each: (n: ts.Node) => void): void {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

const propertyName = (name: ts.PropertyName): string | undefined =>
  ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;

function property(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && propertyName(p.name) === key) return p.initializer;
  }
  return undefined;
}

/** The service definition in app.ts: the object literal with a string `name` and a `handlers` object. */
function readDefinition(file: string): { name: string; consumes: string[] } | undefined {
  const found: { name: string; consumes: string[] }[] = [];
  visit(parse(file), (node) => {
    if (!ts.isObjectLiteralExpression(node)) return;
    const name = property(node, 'name');
    const handlers = property(node, 'handlers');
    if (!name || !handlers || !ts.isStringLiteral(name)) return;
    if (!ts.isObjectLiteralExpression(handlers)) {
      throw fail(`${file}: the service's handlers must be an object literal to be listed`, file);
    }
    const consumes = handlers.properties.map((p) => {
      const key =
        ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) ? propertyName(p.name) : undefined;
      if (key === undefined) throw fail(`${file}: a handler whose topic is not a plain name`, file);
      return key;
    });
    found.push({ name: name.text, consumes });
  });
  if (found.length > 1) throw fail(`${file}: more than one service definition`, file);
  return found[0];
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The outbox's methods, and which of their arguments names the topic produced. */
const TOPIC_ARGUMENT_OF: ReadonlyMap<string, number> = new Map([
  ['enqueue', 1],
  ['enqueueMany', 1],
  ['writeWithEvents', 2],
]);

/**
 * Topics of every `<x>.enqueue(trx, '<topic>', ...)` (or `enqueueMany`, or
 * `writeWithEvents(db, statement, '<topic>', ...)`) in the files.
 */
function producedTopics(files: readonly string[]): string[] {
  const topics: string[] = [];
  for (const file of files) {
    visit(parse(file), (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const topicArgument = TOPIC_ARGUMENT_OF.get(node.expression.name.text);
      if (topicArgument === undefined) return;
      const topic = node.arguments[topicArgument];
      if (!topic || !ts.isStringLiteralLike(topic)) {
        const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
        throw fail(
          `${file}:${line + 1}: enqueue with a topic that is not a string literal: the services manifest ` +
            'could not say what this service produces',
          file,
        );
      }
      topics.push(topic.text);
    });
  }
  return topics;
}

const sorted = (names: readonly string[]): string[] => [...new Set(names)].sort();

/**
 * The manifest of the repository at `root` (the folder holding the root package.json): one entry
 * per workspace with a `src/app.ts` defining a service. Undefined when `root` is not such a
 * repository (a schemas folder on its own).
 * @throws CodegenError `SERVICE_MANIFEST_FAILED` when a service's handlers or enqueue calls cannot
 *   be read statically, or name a topic `topics` does not have.
 */
export function readServiceManifest(root: string, topics: readonly string[]): ServiceManifest | undefined {
  const pkgFile = path.join(root, 'package.json');
  if (!fs.existsSync(pkgFile)) return undefined;
  const workspaces = (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { workspaces?: unknown }).workspaces;
  if (!Array.isArray(workspaces)) return undefined;
  const services: Record<string, ServiceTopics> = {};
  for (const ws of workspaces.filter((w): w is string => typeof w === 'string').sort()) {
    const app = path.join(root, ws, 'src', 'app.ts');
    if (!fs.existsSync(app)) continue;
    const definition = readDefinition(app);
    if (!definition) continue;
    const entry = {
      consumes: sorted(definition.consumes),
      produces: sorted(producedTopics(sourceFiles(path.join(root, ws, 'src')))),
    };
    for (const topic of [...entry.consumes, ...entry.produces]) {
      if (!topics.includes(topic)) {
        throw fail(
          `${ws}: service ${definition.name} names topic ${topic}, which topics.json does not have`,
          app,
        );
      }
    }
    services[definition.name] = entry;
  }
  const names = Object.keys(services).sort();
  return { services: Object.fromEntries(names.map((n) => [n, services[n] as ServiceTopics])) };
}

/** The manifest file's JSON text (formatted by the caller). */
export function manifestJson(manifest: ServiceManifest): string {
  return JSON.stringify({
    $comment:
      'Generated by `npm run codegen` from each service workspace: the handlers of its service definition ' +
      '(src/app.ts) are what it consumes, the topics of its outbox calls (src/) what it produces. Do ' +
      'not edit by hand. A service is built with the schemas in schemas.ts; `npm run schemas:check` reads ' +
      'this file to tell each consumer and producer of a changed topic whether it can still read.',
    services: manifest.services,
  });
}
