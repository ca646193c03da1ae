import { parseFollowLog, schemaVersions } from '../../../src/docs/schema-history';

const a = '{"type":"record","name":"A","fields":[]}';
const b = '{"type":"record","name":"A","doc":"b","fields":[]}';

describe('schemaVersions: distinct contents, the working tree last when new', () => {
  test('a change still in the working tree and the same change committed give the same versions', () => {
    const before = schemaVersions([a], b);
    const after = schemaVersions([a, b], b);
    expect(before).toEqual({ versions: [a, b], current: 1 });
    expect(after).toEqual(before);
  });

  test('formatting-only edits are not versions; the first text of a content is kept', () => {
    const reformatted = JSON.stringify(JSON.parse(a), null, 4);
    expect(schemaVersions([a, reformatted], reformatted)).toEqual({ versions: [a], current: 0 });
  });

  test('a reverted change points back at the earlier version, committed or not', () => {
    expect(schemaVersions([a, b], a)).toEqual({ versions: [a, b], current: 0 });
    expect(schemaVersions([a, b, a], a)).toEqual({ versions: [a, b], current: 0 });
  });

  test('a file never committed has one version, the working tree', () => {
    expect(schemaVersions([], a)).toEqual({ versions: [a], current: 0 });
  });
});

describe('parseFollowLog', () => {
  test('pairs each commit with the path the file had in it (renames followed)', () => {
    const c1 = '1'.repeat(40);
    const c2 = 'a'.repeat(40);
    const output = `${c2}\n\nschemas/new_name.avsc\n${c1}\n\nschemas/old_name.avsc\n`;
    expect(parseFollowLog(output)).toEqual([
      { commit: c2, path: 'schemas/new_name.avsc' },
      { commit: c1, path: 'schemas/old_name.avsc' },
    ]);
  });
});
