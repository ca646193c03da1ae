/**
 * Keyset pagination for list endpoints, newest first: `?limit=N&cursor=C`. No request can ask for an
 * unbounded result, and a page does not shift when rows are added meanwhile (unlike OFFSET).
 */
import { z } from 'zod';
import { isUuid } from './validate';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/**
 * Where the previous page ended: the last row's sort key. The timestamp travels at millisecond
 * precision, which is exact for columns written from JavaScript Dates or `timestamp-millis` events; a
 * column with microseconds would need them in the cursor too.
 */
export interface PageCursor {
  createdAt: Date;
  id: string;
}

/** A page's query: how many rows, and after which row. */
export interface PageRequest {
  limit: number;
  after?: PageCursor;
}

/** The cursor is opaque to clients: base64url of the last row's timestamp and id. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

function decodeCursor(text: string, ctx: z.RefinementCtx): PageCursor {
  const [at, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (rest.length > 0 || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' });
    return z.NEVER;
  }
  return { createdAt, id: id.toLowerCase() };
}

/** The `limit` and `cursor` query parameters; merge it into a route's query schema. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .max(200)
    .transform((text, ctx) => decodeCursor(text, ctx))
    .optional(),
});

/** The page request of a parsed {@link pageQuery}. */
export function pageRequestOf(query: z.output<typeof pageQuery>): PageRequest {
  return { limit: query.limit, ...(query.cursor ? { after: query.cursor } : {}) };
}

/**
 * Cuts the `limit + 1` rows a query fetched into a page and the cursor of the next one (null on the
 * last page): the extra row only tells that there is more.
 */
export function toPage<T>(
  rows: T[],
  request: PageRequest,
  keyOf: (row: T) => PageCursor,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > request.limit && last ? encodeCursor(keyOf(last)) : null };
}

/** Fetch one row more than the page, to know whether another page follows. */
export const rowsToFetch = (request: PageRequest): number => request.limit + 1;
