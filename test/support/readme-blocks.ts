/**
 * The README's walk-through as something a test can run: its fenced `sh` blocks, each with the
 * `text` block that follows it as what it must print, and the matching of that output.
 *
 * Written here rather than taken from a markdown library because the rules are the README's own
 * (which section runs where, placeholders, `...` for left-out lines) and a fence scanner is a few
 * lines; a full markdown parser would add nothing the walk-through uses.
 */

export interface ShellBlock {
  /** 1-based line of the block's opening fence in the README, for failure messages. */
  line: number;
  script: string;
  /** What the block must print (a `text` block right after it), or '' when it must print nothing. */
  expected: string;
}

interface Fence {
  line: number;
  info: string;
  body: string;
}

function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const at = (i: number) => lines[i] ?? '';
  const found: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(at(i));
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && at(i) !== '```'; i++) body.push(at(i));
    if (i >= lines.length) throw new Error(`README line ${start + 1}: a fence that is never closed`);
    found.push({ line: start + 1, info: open[1] ?? '', body: body.join('\n') });
  }
  return found;
}

/**
 * The text of the section that starts with `heading` (a whole heading line, e.g. `## Walk-through`)
 * up to the next heading of the same or a higher level.
 */
export function sectionOf(markdown: string, heading: string): { text: string; firstLine: number } {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README has no heading ${JSON.stringify(heading)}`);
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  let inFence = false;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('```')) inFence = !inFence;
    const hashes = /^(#+) /.exec(line)?.[1];
    if (!inFence && hashes !== undefined && hashes.length <= level) {
      end = i;
      break;
    }
  }
  return { text: lines.slice(start, end).join('\n'), firstLine: start + 1 };
}

/** The `sh` blocks of a piece of the README, each paired with the `text` block right after it. */
export function shellBlocks(markdown: string, firstLine = 1): ShellBlock[] {
  const all = fences(markdown);
  const blocks: ShellBlock[] = [];
  all.forEach((fence, i) => {
    if (fence.info !== 'sh') return;
    const next = all[i + 1];
    blocks.push({
      line: fence.line + firstLine - 1,
      script: fence.body,
      expected: next?.info === 'text' ? next.body : '',
    });
  });
  return blocks;
}

const PLACEHOLDERS: Record<string, string> = {
  '<uuid>': '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  '<time>': '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z',
  '<commit>': '[0-9a-f]{12}',
  '<n>': '\\d+',
  '<any>': '.*',
};

function linePattern(expected: string): RegExp {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const withPlaceholders = Object.entries(PLACEHOLDERS).reduce(
    (text, [name, pattern]) => text.split(name).join(pattern),
    escaped,
  );
  return new RegExp(`^${withPlaceholders}$`);
}

/** Colour codes some tools print even to a pipe. */
// eslint-disable-next-line no-control-regex -- the escape character is what it matches
const COLOUR_CODE = /\u001b\[[0-9;]*m/g;

function significantLines(text: string): string[] {
  const lines = text
    .replace(COLOUR_CODE, '')
    .split('\n')
    .map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines;
}

/**
 * Whether `actual` is what `expected` shows: line by line, with the placeholders `<uuid>`, `<time>`,
 * `<commit>` (a 12-digit hex id), `<n>` (digits) and `<any>` (anything within the line), and `...` alone on a line for any number of
 * lines left out.
 */
export function matchesExpected(actual: string, expected: string): boolean {
  const want = significantLines(expected);
  const got = significantLines(actual);
  const match = (w: number, g: number): boolean => {
    if (w === want.length) return g === got.length;
    const wanted = want[w] ?? '';
    if (wanted === '...') {
      for (let skip = g; skip <= got.length; skip++) if (match(w + 1, skip)) return true;
      return false;
    }
    return g < got.length && linePattern(wanted).test(got[g] ?? '') && match(w + 1, g + 1);
  };
  return match(0, 0);
}

/** A marker line no command prints, between the blocks of one shell session. */
export const BLOCK_MARKER = '@@readme-block@@';

/**
 * One bash script that runs the blocks in order in one session (so a variable set by one block is
 * there for the next), printing a marker before each; errors do not stop it (a block may show a
 * failing command), stderr goes with stdout as in a terminal.
 */
export function sessionScript(blocks: ShellBlock[]): string {
  return ['exec 2>&1', ...blocks.flatMap((b) => [`echo '${BLOCK_MARKER}'`, b.script])].join('\n') + '\n';
}

/** Splits a session's output back into each block's output. */
export function outputsOf(sessionOutput: string, count: number): string[] {
  const parts = sessionOutput.split(`${BLOCK_MARKER}\n`).slice(1);
  while (parts.length < count) parts.push('');
  return parts;
}
