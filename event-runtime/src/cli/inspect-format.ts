/** How `npm run inspect` prints a record: one JSON line (`--json`) or a block for people (`--pretty`). */
import type { InspectedRecord } from './inspect-record';

/** One line of NDJSON. */
export function formatJson(record: InspectedRecord): string {
  return JSON.stringify(record);
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}

/** A block of lines for a terminal, ending with an empty line between records. */
export function formatPretty(record: InspectedRecord): string {
  const lines = [
    `${record.topic}  partition ${record.partition}  offset ${record.offset}  ${record.timestamp}`,
  ];
  const field = (name: string, text: string) => lines.push(`  ${name.padEnd(12)}${text}`);
  field('key', record.keyHex === undefined ? (record.key ?? '(none)') : `(not UTF-8) ${record.keyHex}`);
  const headers = Object.entries(record.headers);
  if (headers.length > 0) field('headers', headers.map(([n, v]) => `${n}=${v}`).join('  '));
  const dl = record.deadLetter;
  if (dl) {
    field('dead letter', `${dl.code}: ${dl.reason}`);
    const failed = dl.failedAt === undefined ? '' : `  failed at ${dl.failedAt}`;
    field(
      'source',
      `${dl.source.topic}  partition ${dl.source.partition}  offset ${dl.source.offset}${failed}`,
    );
  }
  const s = record.schema;
  if (s) {
    const where = s.subject === undefined ? '(no subject lists it)' : `${s.subject} v${s.version}`;
    field('schema', `${where}  id ${s.id}`);
  }
  if (record.tombstone) field('value', 'null (tombstone)');
  else if (record.undecodable) {
    field('undecodable', `${record.undecodable.code}: ${record.undecodable.reason}`);
    field('bytes', record.undecodable.hex || '(empty)');
  } else {
    lines.push('  value');
    lines.push(indent(JSON.stringify(record.value, null, 2), '    '));
  }
  return `${lines.join('\n')}\n`;
}
