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
