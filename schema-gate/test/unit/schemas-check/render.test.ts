import { parseCheckArgs } from '../../../src/schemas-check/args';
import { renderGithub, renderJson, renderText } from '../../../src/schemas-check/render';
import type { SchemaReport } from '../../../src/schemas-check/report';

const broken: SchemaReport = {
  mode: 'offline',
  file: 'schemas/user_created.avsc',
  topic: 'user_created',
  level: 'FULL_TRANSITIVE',
  status: 'incompatible',
  breaks: [
    {
      path: 'UserCreated.email',
      rule: 'READER_FIELD_MISSING_DEFAULT',
      message:
        'old reader cannot read new data: field email has no default and the new schema does not have it',
      direction: 'FORWARD',
      against: '4bc5b1ad229d',
      line: 3,
    },
  ],
  semantic: [
    {
      path: 'UserCreated.occurred_at',
      rule: 'TIME_UNIT_CHANGED',
      message: 'old schema has timestamp-millis, new schema has timestamp-micros: 100%, a, b: c',
      direction: 'BACKWARD',
      line: 14,
    },
  ],
  semanticMode: 'warn',
  messages: [],
  against: ['4bc5b1ad229d'],
};
const failed: SchemaReport = {
  mode: 'registry',
  file: 'schemas/order_created.avsc',
  topic: 'order_created',
  status: 'error',
  breaks: [],
  messages: [],
  against: [],
  error: { code: 'REGISTRY_UNAVAILABLE', message: 'registry unreachable at http://x:1\nsecond line' },
};

describe('schemas:check output formats', () => {
  test('text: file:line: path: rule: explanation, then the summary', () => {
    expect(renderText([broken])).toEqual([
      'schemas/user_created.avsc:3: UserCreated.email: READER_FIELD_MISSING_DEFAULT: old reader cannot read new ' +
        'data: field email has no default and the new schema does not have it (against 4bc5b1ad229d)',
      'schemas/user_created.avsc:14: UserCreated.occurred_at: TIME_UNIT_CHANGED: old schema has timestamp-millis, ' +
        'new schema has timestamp-micros: 100%, a, b: c [semantic: warn]',
      'schemas:check: 1 incompatible schema(s)',
    ]);
  });

  test('github: an annotation per problem, escaped as workflow commands require', () => {
    const lines = renderGithub([broken, failed]);
    expect(lines[0]).toBe(
      '::error file=schemas/user_created.avsc,line=3,title=READER_FIELD_MISSING_DEFAULT::UserCreated.email: ' +
        'READER_FIELD_MISSING_DEFAULT: old reader cannot read new data: field email has no default and the new ' +
        'schema does not have it (against 4bc5b1ad229d)',
    );
    // A semantic finding that only warns is a warning; % is escaped in the message.
    expect(lines[1]).toBe(
      '::warning file=schemas/user_created.avsc,line=14,title=TIME_UNIT_CHANGED::UserCreated.occurred_at: ' +
        'TIME_UNIT_CHANGED: old schema has timestamp-millis, new schema has timestamp-micros: 100%25, a, b: c ' +
        '[semantic: warn]',
    );
    // No line for a file that could not be checked; the newline cannot end the command early.
    expect(lines[2]).toBe(
      '::error file=schemas/order_created.avsc,title=REGISTRY_UNAVAILABLE::REGISTRY_UNAVAILABLE: could not check: ' +
        'registry unreachable at http://x:1%0Asecond line',
    );
    expect(lines.at(-1)).toBe('schemas:check: 1 incompatible schema(s)');
  });

  test('github: semantic findings that fail the check are errors', () => {
    const strict = renderGithub([{ ...broken, semanticMode: 'error' }]);
    expect(strict[1]).toMatch(/^::error file=schemas\/user_created\.avsc,line=14,title=TIME_UNIT_CHANGED::/);
  });

  test('json: a versioned shape with the exit code and each break’s line', () => {
    const parsed = JSON.parse(renderJson([broken])) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      version: 1,
      exitCode: 1,
      reports: [{ file: 'schemas/user_created.avsc', breaks: [{ path: 'UserCreated.email', line: 3 }] }],
    });
  });

  test('--format is parsed, --json is --format json, and a contradiction is refused', () => {
    expect(parseCheckArgs(['--format', 'github']).format).toBe('github');
    expect(parseCheckArgs(['--format=json']).format).toBe('json');
    expect(parseCheckArgs(['--json'])).toMatchObject({ json: true });
    expect(() => parseCheckArgs(['--format', 'xml'])).toThrow(/--format takes text, json, github/);
    expect(() => parseCheckArgs(['--json', '--format', 'text'])).toThrow(/contradict/);
  });
});
