/**
 * Maps Avro types to TypeScript type expressions and named-type declarations, matching how the
 * event runtime decodes values (event-runtime/src/codec/logical-types.ts): bytes as Buffer, decimals
 * and uuids as strings, `timestamp-millis` as Date, every other `long` (`timestamp-micros` included)
 * as an exact bigint.
 */
import type { AvroNode, EnumNode, RecordNode } from '@contract-events/contracts';
import { CodegenError } from './codegen-error';

/** Names a generated type must not take because the generated code uses the global of that name. */
const RESERVED_NAMES = new Set([
  'Array',
  'Boolean',
  'Buffer',
  'Date',
  'Map',
  'Number',
  'Object',
  'Promise',
  'Record',
  'Set',
  'String',
  'TopicEvents',
  'TopicName',
]);

/** The TypeScript type expression for a node; named records and enums are referenced by name. */
export function tsTypeOf(node: AvroNode): string {
  switch (node.kind) {
    case 'primitive':
      if (node.logical?.name === 'decimal' || node.logical?.name === 'uuid') return 'string';
      if (node.logical?.name === 'timestamp-millis') return 'Date';
      // Any other logical type (timestamp-micros, date, time-*, local-timestamp-*) is its underlying
      // value, as in the runtime.
      switch (node.type) {
        case 'null':
          return 'null';
        case 'boolean':
          return 'boolean';
        case 'string':
          return 'string';
        case 'bytes':
          return 'Buffer';
        case 'long':
          // Exact over 64 bits; a number would round above 2^53.
          return 'bigint';
        default:
          return 'number';
      }
    case 'fixed':
      return node.logical?.name === 'decimal' ? 'string' : 'Buffer';
    case 'record':
    case 'enum':
      return node.name;
    case 'array': {
      const items = tsTypeOf(node.items);
      return node.items.kind === 'union' && items.includes('|') ? `(${items})[]` : `${items}[]`;
    }
    case 'map':
      return `Record<string, ${tsTypeOf(node.values)}>`;
    case 'union': {
      // Plain value unions (avsc's unwrapped form); null goes last so `["null", T]` reads `T | null`.
      const members = [...new Set(node.branches.map(tsTypeOf))];
      const sorted = [...members.filter((m) => m !== 'null'), ...members.filter((m) => m === 'null')];
      return sorted.join(' | ');
    }
  }
}

/** Every record and enum reachable from `root`, each once (cycles included). */
export function collectNamedTypes(root: AvroNode): (RecordNode | EnumNode)[] {
  const found: (RecordNode | EnumNode)[] = [];
  const visited = new Set<AvroNode>();
  const visit = (node: AvroNode): void => {
    if (visited.has(node)) return;
    visited.add(node);
    if (node.kind === 'record') {
      found.push(node);
      node.fields.forEach((f) => visit(f.type));
    } else if (node.kind === 'enum') {
      found.push(node);
    } else if (node.kind === 'array') {
      visit(node.items);
    } else if (node.kind === 'map') {
      visit(node.values);
    } else if (node.kind === 'union') {
      node.branches.forEach(visit);
    }
  };
  visit(root);
  return found;
}

/** A TSDoc block for `doc`, indented by `indent`; empty when there is no doc. */
export function tsDoc(doc: string | undefined, indent = ''): string {
  if (doc === undefined || doc.trim() === '') return '';
  // `*/` would end the comment early.
  const lines = doc.replace(/\*\//g, '*\\/').trim().split(/\r?\n/);
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l.trimEnd()}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/** The exported declaration of one record (interface) or enum (string-literal union). */
export function declarationOf(node: RecordNode | EnumNode): string {
  if (RESERVED_NAMES.has(node.name)) {
    throw new CodegenError(
      `Avro type ${node.fullName} cannot be generated: ${node.name} is reserved`,
      'TYPE_GENERATION_FAILED',
    );
  }
  const doc = tsDoc(node.doc);
  if (node.kind === 'enum') {
    return `${doc}export type ${node.name} = ${node.symbols.map((s) => `'${s}'`).join(' | ')};\n`;
  }
  const fields = node.fields.map((f) => `${tsDoc(f.doc, '  ')}  ${f.name}: ${tsTypeOf(f.type)};\n`);
  return `${doc}export interface ${node.name} {\n${fields.join('')}}\n`;
}
