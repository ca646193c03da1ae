import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkAgainstVersions,
  checkCompatibility,
  formatBreak,
  parseCompatibilityLevel,
} from '../../../src/compat';
import { ContractError, compatibilityLevels } from '@contract-events/contracts';
import { GateError } from '../../../src/errors/gate-error';

const SCHEMAS = path.resolve(__dirname, '../../../../schemas');
type Schema = { fields: { name: string; [k: string]: unknown }[]; [k: string]: unknown };
const load = (file: string): Schema =>
  JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8')) as Schema;
const withFields = (schema: Schema, fields: Schema['fields']): Schema => ({ ...schema, fields });

describe('levels on the repository schemas', () => {
  const orderV1 = load('order_created.avsc');
  const orderV2 = withFields(orderV1, [
    ...orderV1.fields,
    { name: 'coupon', type: ['null', 'string'], default: null, doc: 'Optional coupon code.' },
  ]);
  const userV1 = load('user_created.avsc');
  const userWithoutEmail = withFields(
    userV1,
    userV1.fields.filter((f) => f.name !== 'email'),
  );

  test('order_created v2 adding a field with a default passes FULL_TRANSITIVE', () => {
    const result = checkAgainstVersions([{ schema: orderV1, label: 'v1' }], orderV2, 'FULL_TRANSITIVE', {
      rootPath: 'order_created',
    });
    expect(result).toMatchObject({ compatible: true, breaks: [], checkedAgainst: ['v1'] });
  });

  test('user_created without email fails FULL_TRANSITIVE naming email, in the forward direction', () => {
    const result = checkAgainstVersions(
      [{ schema: userV1, label: 'v1' }],
      userWithoutEmail,
      'FULL_TRANSITIVE',
      {
        rootPath: 'user_created',
      },
    );
    expect(result.compatible).toBe(false);
    expect(result.breaks).toEqual([
      {
        path: 'user_created.email',
        rule: 'READER_FIELD_MISSING_DEFAULT',
        direction: 'FORWARD',
        against: 'v1',
        message:
          'old reader cannot read new data: field email has no default and the new schema does not have it',
      },
    ]);
    expect(formatBreak('schemas/user_created.avsc', result.breaks[0]!)).toBe(
      'schemas/user_created.avsc: user_created.email: READER_FIELD_MISSING_DEFAULT: old reader cannot read new data: ' +
        'field email has no default and the new schema does not have it (against v1)',
    );
    // Removing a field is fine for new readers of old data.
    expect(checkCompatibility(userV1, userWithoutEmail, 'BACKWARD').compatible).toBe(true);
  });

  test('adding a field without default fails BACKWARD but passes FORWARD', () => {
    const added = withFields(orderV1, [...orderV1.fields, { name: 'channel', type: 'string' }]);
    const backward = checkCompatibility(orderV1, added, 'BACKWARD', { rootPath: 'order_created' });
    expect(backward.breaks.map((b) => `${b.path} ${b.rule} ${b.direction}`)).toEqual([
      'order_created.channel READER_FIELD_MISSING_DEFAULT BACKWARD',
    ]);
    expect(backward.breaks[0]?.message).toMatch(
      /^new reader cannot read old data: field channel has no default/,
    );
    expect(checkCompatibility(orderV1, added, 'FORWARD').compatible).toBe(true);
    expect(checkCompatibility(orderV1, added, 'FULL').compatible).toBe(false);
    expect(checkCompatibility(orderV1, added, 'NONE')).toMatchObject({
      compatible: true,
      checkedAgainst: [],
    });
  });

  test('a field added with a default passes BACKWARD and FULL', () => {
    expect(checkCompatibility(orderV1, orderV2, 'BACKWARD').compatible).toBe(true);
    expect(checkCompatibility(orderV1, orderV2, 'FULL').compatible).toBe(true);
  });

  test('amount scale change is a semantic finding, not a break', () => {
    const scaled = withFields(
      orderV1,
      orderV1.fields.map((f) =>
        f.name === 'amount'
          ? { ...f, type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 3 } }
          : f,
      ),
    );
    // The registry accepts it (Avro ignores logical types): a semantic finding, failing only in error mode.
    const result = checkCompatibility(orderV1, scaled, 'FULL', { rootPath: 'order_created' });
    expect(result).toMatchObject({ compatible: true, breaks: [], semanticMode: 'warn' });
    expect(result.semantic).toEqual([
      expect.objectContaining({ path: 'order_created.amount', rule: 'DECIMAL_CHANGED' }),
    ]);
    const strict = checkCompatibility(orderV1, scaled, 'FULL', {
      rootPath: 'order_created',
      semantic: 'error',
    });
    expect(strict).toMatchObject({ compatible: false, breaks: [], semanticMode: 'error' });
    expect(strict.semantic).toHaveLength(1);
    expect(checkCompatibility(orderV1, scaled, 'NONE', { semantic: 'error' }).compatible).toBe(true);
  });
});

describe('enum symbols by direction', () => {
  const status = (symbols: string[]) => ({
    type: 'record',
    name: 'S',
    fields: [{ name: 'status', type: { type: 'enum', name: 'Status', symbols } }],
  });

  test('adding a symbol without a default passes BACKWARD and fails FORWARD', () => {
    const v1 = status(['OPEN', 'CLOSED']);
    const v2 = status(['OPEN', 'CLOSED', 'ARCHIVED']);
    expect(checkCompatibility(v1, v2, 'BACKWARD').compatible).toBe(true);
    const forward = checkCompatibility(v1, v2, 'FORWARD', { rootPath: 's' });
    expect(forward.breaks).toEqual([
      expect.objectContaining({ path: 's.status', rule: 'ENUM_SYMBOL_MISSING', direction: 'FORWARD' }),
    ]);
    expect(forward.breaks[0]?.message).toContain('old reader cannot read new data: symbol ARCHIVED');
  });
});

describe('transitive levels', () => {
  const v = (fields: unknown[]) => ({ type: 'record', name: 'T', fields });
  const v1 = v([{ name: 'id', type: 'string' }]);
  // v2 gives `note` a default, so v2 → v3 is fine; but v1 never had `note`, and v3 drops the default.
  const v2 = v([
    { name: 'id', type: 'string' },
    { name: 'note', type: 'string', default: '' },
  ]);
  const v3 = v([
    { name: 'id', type: 'string' },
    { name: 'note', type: 'string' },
  ]);
  const history = [
    { schema: v1, label: 'v1' },
    { schema: v2, label: 'v2' },
  ];

  test('the plain level only looks at the latest version', () => {
    const result = checkAgainstVersions(history, v3, 'BACKWARD');
    expect(result).toMatchObject({ compatible: true, checkedAgainst: ['v2'] });
  });

  test('the transitive level catches the break against the version two back', () => {
    const result = checkAgainstVersions(history, v3, 'BACKWARD_TRANSITIVE', { rootPath: 't' });
    expect(result.checkedAgainst).toEqual(['v1', 'v2']);
    expect(result.breaks).toEqual([
      expect.objectContaining({ path: 't.note', rule: 'READER_FIELD_MISSING_DEFAULT', against: 'v1' }),
    ]);
  });

  test('FORWARD_TRANSITIVE and FULL_TRANSITIVE check the other direction against all versions', () => {
    // Old readers of v1/v2 reading v4 data: v4 drops `id`, which neither older version defaults.
    const v4 = v([{ name: 'note', type: 'string', default: '' }]);
    const forward = checkAgainstVersions(history, v4, 'FORWARD_TRANSITIVE');
    expect(forward.breaks.map((b) => `${b.against} ${b.path}`)).toEqual(['v1 T.id', 'v2 T.id']);
    expect(checkAgainstVersions(history, v4, 'FULL_TRANSITIVE').breaks.map((b) => b.direction)).toEqual([
      'FORWARD',
      'FORWARD',
    ]);
  });
});

describe('inputs', () => {
  test('every level name parses, others are typed errors', () => {
    for (const level of compatibilityLevels) expect(parseCompatibilityLevel(level.toLowerCase())).toBe(level);
    expect(() => parseCompatibilityLevel('SIDEWAYS')).toThrow(GateError);
  });

  test('schemas that do not parse throw ContractError', () => {
    expect(() => checkCompatibility('{nope', '"string"', 'BACKWARD')).toThrow(ContractError);
    expect(() => checkCompatibility('"string"', '{"type":"record","name":"X"}', 'BACKWARD')).toThrow(
      expect.objectContaining({ code: 'SCHEMA_INVALID' }),
    );
  });
});
