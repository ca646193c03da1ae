/**
 * What changed between two versions of a value schema, in words, for the catalog's history. Built
 * on the contracts' resolved Avro model (the same one the compatibility gate judges), so a type is
 * described as the gate's messages describe it. It says what changed, not whether that is
 * compatible: `npm run schemas:check` is the judge of that.
 */
import { type AvroNode, type FieldNode, type RecordNode, describeNode } from '@contract-events/contracts';

/** A field's default as schema JSON, or undefined when it has none. */
export function defaultText(field: FieldNode): string | undefined {
  return field.hasDefault ? JSON.stringify(field.defaultValue) : undefined;
}

const code = (text: string): string => `\`${text}\``;

/** Records reachable from a field's type without crossing another record: the type, union branches, items, values. */
export function recordsIn(node: AvroNode): RecordNode[] {
  switch (node.kind) {
    case 'record':
      return [node];
    case 'union':
      return node.branches.flatMap(recordsIn);
    case 'array':
      return recordsIn(node.items);
    case 'map':
      return recordsIn(node.values);
    default:
      return [];
  }
}

function fieldChanges(path: string, was: FieldNode, now: FieldNode, seen: Set<string>): string[] {
  const changes: string[] = [];
  const [typeWas, typeNow] = [describeNode(was.type), describeNode(now.type)];
  if (typeWas !== typeNow) changes.push(`${code(path)}: type ${code(typeWas)} → ${code(typeNow)}`);
  const [defaultWas, defaultNow] = [defaultText(was), defaultText(now)];
  if (defaultWas !== defaultNow) {
    if (defaultWas === undefined) changes.push(`${code(path)}: default ${code(defaultNow ?? '')} added`);
    else if (defaultNow === undefined) changes.push(`${code(path)}: default ${code(defaultWas)} removed`);
    else changes.push(`${code(path)}: default ${code(defaultWas)} → ${code(defaultNow)}`);
  }
  if ((was.doc ?? '') !== (now.doc ?? '')) changes.push(`${code(path)}: doc changed`);
  // A nested record keeps its name when its fields change: compare those too.
  const before = new Map(recordsIn(was.type).map((r) => [r.fullName, r]));
  for (const record of recordsIn(now.type)) {
    const prior = before.get(record.fullName);
    if (prior && !seen.has(record.fullName)) changes.push(...recordChanges(prior, record, `${path}.`, seen));
  }
  return changes;
}

function recordChanges(before: RecordNode, after: RecordNode, prefix: string, seen: Set<string>): string[] {
  seen.add(after.fullName);
  const old = new Map(before.fields.map((f) => [f.name, f]));
  const kept = new Set(after.fields.map((f) => f.name));
  const changes: string[] = [];
  for (const field of after.fields) {
    const path = prefix + field.name;
    const was = old.get(field.name);
    if (was) {
      changes.push(...fieldChanges(path, was, field, seen));
      continue;
    }
    const withDefault = defaultText(field);
    changes.push(
      `added ${code(path)} (${code(describeNode(field.type))}` +
        `${withDefault === undefined ? ', no default' : `, default ${code(withDefault)}`})`,
    );
  }
  for (const field of before.fields.filter((f) => !kept.has(f.name))) {
    changes.push(`removed ${code(prefix + field.name)} (${code(describeNode(field.type))})`);
  }
  return changes;
}

/**
 * Pure: one line per change from `before` to `after` (fields added, removed, their type, default or
 * doc changed, nested records included), in `after`'s field order, removals last.
 */
export function schemaChanges(before: RecordNode, after: RecordNode): string[] {
  const changes = recordChanges(before, after, '', new Set());
  if ((before.doc ?? '') !== (after.doc ?? '')) changes.push("the record's doc changed");
  if (before.fullName !== after.fullName) {
    changes.push(`record name ${code(before.fullName)} → ${code(after.fullName)}`);
  }
  if (changes.length === 0)
    changes.push('no field, doc or name changed (aliases, order or other attributes did)');
  return changes;
}
