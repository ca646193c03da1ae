import {
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  pageQuery,
  pageRequestOf,
  toPage,
} from '../../../src/http/pagination';

const id = '0b7e4c36-8a2f-4d55-9a51-1c1d3f6e2a10';

describe('pageQuery', () => {
  it('defaults the page size and reads a cursor it made', () => {
    expect(pageRequestOf(pageQuery.parse({}))).toEqual({ limit: DEFAULT_PAGE_SIZE });
    const after = { createdAt: new Date('2026-11-29T10:00:00.123Z'), id };
    expect(pageRequestOf(pageQuery.parse({ limit: '2', cursor: encodeCursor(after) }))).toEqual({
      limit: 2,
      after,
    });
  });

  it.each([['0'], ['-1'], [String(MAX_PAGE_SIZE + 1)], ['1.5'], ['ten'], ['']])(
    'refuses limit=%j',
    (limit) => {
      expect(pageQuery.safeParse({ limit }).success).toBe(false);
    },
  );

  it.each([
    ['not base64 of a cursor', 'garbage'],
    ['a cursor with a bad id', Buffer.from('2026-11-29T10:00:00.000Z|nope').toString('base64url')],
    ['a cursor with a bad time', Buffer.from(`yesterday|${id}`).toString('base64url')],
    ['an oversized cursor', 'x'.repeat(201)],
  ])('refuses %s', (_what, cursor) => {
    expect(pageQuery.safeParse({ cursor }).success).toBe(false);
  });
});

describe('toPage', () => {
  const rows = [3, 2, 1].map((n) => ({ n, createdAt: new Date(Date.UTC(2026, 10, 29, 0, 0, n)), id }));
  const keyOf = (r: (typeof rows)[number]) => ({ createdAt: r.createdAt, id: r.id });

  it('gives the next cursor when the query found one row more than the page', () => {
    const page = toPage(rows, { limit: 2 }, keyOf);
    expect(page.items.map((r) => r.n)).toEqual([3, 2]);
    expect(page.nextCursor).toBe(encodeCursor(keyOf(rows[1]!)));
  });

  it('gives no cursor on the last page', () => {
    expect(toPage(rows, { limit: 3 }, keyOf)).toEqual({ items: rows, nextCursor: null });
  });
});
