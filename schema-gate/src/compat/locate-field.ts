/**
 * Where a break's path points in a schema file's text: the line of the field (its `"name"`), so a
 * report, an editor or a GitHub annotation can jump to it. Reads offsets from jsonc-parser's
 * syntax tree rather than scanning the text by hand.
 */
import { type Node, type ParseError, findNodeAtLocation, parseTree } from 'jsonc-parser';

/** Where a path was found: `exact` when every segment was, otherwise the nearest enclosing element. */
export interface FieldLocation {
  /** 1-based line. */
  readonly line: number;
  readonly exact: boolean;
}

const NAMED_KINDS = new Set(['record', 'error', 'enum', 'fixed']);

// `Root.a.b[]{}.c`: the record's name, then `.field`, `[]` (array items), `{}` (map values).
function segmentsOf(path: string): string[] | undefined {
  const root = /^[^.[{]+/.exec(path);
  if (!root) return undefined;
  const rest = path.slice(root[0].length);
  const segments = rest.match(/\.[A-Za-z_][A-Za-z0-9_]*|\[\]|\{\}/g) ?? [];
  return segments.join('') === rest ? segments : undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const prop = (node: Node, key: string): Node | undefined => findNodeAtLocation(node, [key]);
const stringOf = (node: Node | undefined): string | undefined =>
  node?.type === 'string' ? (node.value as string) : undefined;

/** Every named type defined in the document, by short and full name. */
function namedDefinitions(root: Node): Map<string, Node> {
  const found = new Map<string, Node>();
  const visit = (node: Node, namespace: string | undefined): void => {
    let ns = namespace;
    if (node.type === 'object') {
      const kind = stringOf(prop(node, 'type'));
      const name = stringOf(prop(node, 'name'));
      if (kind !== undefined && NAMED_KINDS.has(kind) && name !== undefined) {
        ns = name.includes('.')
          ? name.slice(0, name.lastIndexOf('.'))
          : (stringOf(prop(node, 'namespace')) ?? ns);
        const short = name.slice(name.lastIndexOf('.') + 1);
        found.set(short, node);
        found.set(ns ? `${ns}.${short}` : short, node);
      }
    }
    for (const child of node.children ?? []) visit(child, ns);
  };
  visit(root, undefined);
  return found;
}

/** The schema objects a type node may stand for: itself, a union's branches, a named reference. */
function expand(node: Node, named: Map<string, Node>, seen = new Set<Node>()): Node[] {
  if (seen.has(node)) return [];
  seen.add(node);
  if (node.type === 'array') return (node.children ?? []).flatMap((b) => expand(b, named, seen));
  if (node.type === 'string') {
    const target = named.get(node.value as string);
    return target ? expand(target, named, seen) : [];
  }
  if (node.type === 'object') {
    const inner = prop(node, 'type');
    // `{"type": {"type": "record", ...}}` and `{"type": "Name"}` wrap another schema.
    if (inner && inner.type !== 'string') return expand(inner, named, seen);
    if (inner && !NAMED_KINDS.has(inner.value as string) && named.has(inner.value as string))
      return expand(inner, named, seen);
    return [node];
  }
  return [];
}

function step(schemas: Node[], segment: string): { next: Node[]; at?: Node } {
  if (segment === '[]' || segment === '{}') {
    const [kind, key] = segment === '[]' ? ['array', 'items'] : ['map', 'values'];
    const next = schemas
      .filter((s) => stringOf(prop(s, 'type')) === kind)
      .map((s) => prop(s, key))
      .filter((n): n is Node => n !== undefined);
    return { next };
  }
  const name = segment.slice(1);
  for (const schema of schemas) {
    const fields = prop(schema, 'fields');
    const field = fields?.children?.find((f) => f.type === 'object' && stringOf(prop(f, 'name')) === name);
    const type = field && prop(field, 'type');
    if (field && type) return { next: [type], at: prop(field, 'name') ?? field };
  }
  return { next: [] };
}

/**
 * The line of the element `path` names in `text` (a schema file), e.g. `UserCreated.email` → the
 * line of `"name": "email"`. A path that leaves the file (a field the new schema no longer has)
 * gets the line of the nearest element it does reach, the record at least; undefined only when the
 * text is not JSON.
 */
export function locateField(text: string, path: string): FieldLocation | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!root || errors.length > 0) return undefined;
  const named = namedDefinitions(root);
  const rootName = root.type === 'object' ? prop(root, 'name') : undefined;
  let at: Node = rootName ?? root;
  let schemas = expand(root, named);
  const segments = segmentsOf(path);
  if (!segments) return { line: lineAt(text, at.offset), exact: false };
  for (const segment of segments) {
    const { next, at: found } = step(
      schemas.flatMap((s) => expand(s, named)),
      segment,
    );
    if (next.length === 0) return { line: lineAt(text, at.offset), exact: false };
    if (found) at = found;
    schemas = next;
  }
  return { line: lineAt(text, at.offset), exact: true };
}
