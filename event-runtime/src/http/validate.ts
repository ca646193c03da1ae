import { z } from 'zod';
import { HttpError } from './http-error';

/** One field a request got wrong, as listed in `details.fields` of a `validation_failed` error. */
export interface HttpFieldError {
  /** Dotted path into the body, e.g. `amount` or `items.0.sku`; `(body)` for the body itself. */
  path: string;
  message: string;
}

/**
 * Turns a zod error into field errors. Unknown keys of a `.strict()` object become one entry per
 * key, so the client sees each offending name rather than one "unrecognized keys" line.
 */
export function zodFieldErrors(error: z.ZodError): HttpFieldError[] {
  const fields: HttpFieldError[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields.push({ path: [...base, key].join('.'), message: 'unknown field' });
    } else {
      fields.push({ path: base.length === 0 ? '(body)' : base.join('.'), message: issue.message });
    }
  }
  return fields;
}

/** The `validation_failed` error for a zod error. */
export function validationError(error: z.ZodError, what = 'Request body'): HttpError {
  const fields = zodFieldErrors(error);
  const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
  return new HttpError('validation_failed', `${what} is invalid: ${summary}`, { fields });
}

/**
 * Parses a request body with a zod schema; objects in the schema should be `.strict()` so a
 * misspelt optional field is an error instead of being silently dropped.
 *
 * @throws HttpError `validation_failed` with `details.fields` listing every problem.
 */
export function validateBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/**
 * Parses a query string (Koa's `ctx.query`) with a zod schema; unknown parameters are ignored, as is
 * usual for queries.
 *
 * @throws HttpError `validation_failed` with `details.fields` listing every problem.
 */
export function validateQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query);
  if (!result.success) throw validationError(result.error, 'Query');
  return result.data;
}

// Any 8-4-4-4-12 hex id PostgreSQL's uuid type accepts in canonical form (no version check, so
// ids generated elsewhere still match).
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when `value` is a canonical UUID. Check route parameters with it before querying: PostgreSQL
 * rejects a malformed uuid with an error, which must not become a 500.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/**
 * A zod schema for a canonical UUID (any 8-4-4-4-12 hex id, like {@link isUuid}), lower-cased;
 * documented as `format: uuid`.
 */
export const uuidSchema = z.guid({ error: 'must be a UUID' }).transform((v) => v.toLowerCase());
