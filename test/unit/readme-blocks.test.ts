import fs from 'node:fs';
import path from 'node:path';
import {
  BLOCK_MARKER,
  matchesExpected,
  outputsOf,
  sectionOf,
  sessionScript,
  shellBlocks,
} from '../support/readme-blocks';

const doc = [
  '# Title',
  '## Walk-through',
  'Intro.',
  '```sh',
  'echo one',
  '```',
  'It prints:',
  '```text',
  'one',
  '```',
  '```sh',
  'X=1',
  '```',
  '### Sub',
  '```sh',
  'echo "$X"',
  '```',
  '```json',
  '{}',
  '```',
  '## Next',
  '```sh',
  'echo not here',
  '```',
].join('\n');

describe('the README walk-through reader', () => {
  it('takes a section up to the next heading of its level, subsections included', () => {
    const section = sectionOf(doc, '## Walk-through');
    expect(section.firstLine).toBe(2);
    expect(section.text).toContain('### Sub');
    expect(section.text).not.toContain('not here');
    expect(sectionOf(doc, '### Sub').text).not.toContain('echo one');
  });

  it('pairs each sh block with the text block right after it, or expects silence', () => {
    const section = sectionOf(doc, '## Walk-through');
    expect(shellBlocks(section.text, section.firstLine)).toEqual([
      { line: 4, script: 'echo one', expected: 'one' },
      { line: 11, script: 'X=1', expected: '' },
      { line: 15, script: 'echo "$X"', expected: '' },
    ]);
  });

  it('refuses a fence that is never closed', () => {
    expect(() => shellBlocks('```sh\necho')).toThrow(/never closed/);
  });

  it('names a heading that is missing', () => {
    expect(() => sectionOf(doc, '## Nope')).toThrow(/no heading/);
  });
});

describe('matching what a block printed', () => {
  it('matches placeholders and only them', () => {
    const expected = 'id <uuid> at <time> in <commit>, <n> row(s) (a.b)';
    expect(
      matchesExpected(
        'id 5068ceb2-9aa8-41d0-9429-293b95922e27 at 2026-11-30T04:46:44.408Z in 4bc5b1ad229d, 12 row(s) (a.b)\n',
        expected,
      ),
    ).toBe(true);
    expect(
      matchesExpected('id 5068ceb2 at 2026-11-30T04:46:44Z in 4bc5b1ad229d, 1 row(s) (a.b)', expected),
    ).toBe(false);
    expect(matchesExpected('headers a=1, b=2', 'headers <any>')).toBe(true);
    // '.' in the expected text is a dot, not any character
    expect(matchesExpected('x (aXb)', 'x (a.b)')).toBe(false);
  });

  it('lets `...` stand for any number of lines, none included', () => {
    expect(matchesExpected('a\nb\nc\nd', '...\nc\n...')).toBe(true);
    expect(matchesExpected('c', '...\nc\n...')).toBe(true);
    expect(matchesExpected('a\nb', '...\nc\n...')).toBe(false);
  });

  it('wants every line: nothing missing, nothing extra, blank edges and colours ignored', () => {
    expect(matchesExpected('\none\n\n', 'one')).toBe(true);
    expect(matchesExpected('\u001b[31mone\u001b[0m', 'one')).toBe(true);
    expect(matchesExpected('one\ntwo', 'one')).toBe(false);
    expect(matchesExpected('', 'one')).toBe(false);
    expect(matchesExpected('', '')).toBe(true);
    expect(matchesExpected('something', '')).toBe(false);
  });
});

describe('one shell session for several blocks', () => {
  it('marks each block and splits the output back, a silent block included', () => {
    const blocks = [
      { line: 1, script: 'echo a', expected: 'a' },
      { line: 5, script: 'X=1', expected: '' },
      { line: 9, script: 'printf b', expected: 'b' },
    ];
    const script = sessionScript(blocks);
    expect(script.startsWith('exec 2>&1\n')).toBe(true);
    expect(script.split(BLOCK_MARKER)).toHaveLength(4);
    const printed = `${BLOCK_MARKER}\na\n${BLOCK_MARKER}\n${BLOCK_MARKER}\nb`;
    expect(outputsOf(printed, 3)).toEqual(['a\n', '', 'b']);
  });
});

describe("this repository's README", () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

  it('has a walk-through with a schema change, each step showing what it prints', () => {
    const walk = sectionOf(readme, '## Walk-through');
    const blocks = shellBlocks(walk.text, walk.firstLine);
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    const change = sectionOf(readme, '### A schema change, step by step');
    const steps = shellBlocks(change.text).map((b) => b.script);
    expect(steps.some((s) => s.includes('npm run -s codegen'))).toBe(true);
    expect(steps.some((s) => s.includes('npm run -s typecheck'))).toBe(true);
    expect(steps.filter((s) => s.includes('npm run -s schemas:check'))).toHaveLength(2);
    expect(steps.at(-1)).toContain('git checkout');
  });
});
