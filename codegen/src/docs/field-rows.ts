/**
 * The rows of a schema's field table: every field of the value record, and of the records nested in
 * it (`address.city`), with its type as the contracts' model describes it (logical type included),
 * its default as schema JSON and its doc.
 */
import { type RecordNode, describeNode } from '@contract-events/contracts';
import { defaultText, recordsIn } from './schema-changes';

/** One row of a field table. */
export interface FieldRow {
  /** Dotted path from the value record, e.g. `address.city`. */
  readonly name: string;
  /** E.g. `string (uuid)`, `bytes (decimal(12,2))`, `union [null, string]`. */
  readonly type: string;
  /** Schema JSON, undefined when the field has no default. */
  readonly defaultValue: string | undefined;
  readonly doc: string;
}

/** Pure: the rows of `record`, nested records after their field, each record expanded once. */
export function fieldRows(record: RecordNode, prefix = '', seen = new Set<string>()): FieldRow[] {
  seen.add(record.fullName);
  return record.fields.flatMap((field) => {
    const name = prefix + field.name;
    const row: FieldRow = {
      name,
      type: describeNode(field.type),
      defaultValue: defaultText(field),
      doc: field.doc ?? '',
    };
    const nested = recordsIn(field.type).filter((r) => !seen.has(r.fullName));
    return [row, ...nested.flatMap((r) => fieldRows(r, `${name}.`, seen))];
  });
}
