/**
 * What never reaches a log line or a dead letter's error headers: email addresses (personal data) and
 * secrets. Two layers, because neither is enough alone:
 *
 * - by field: pino's `redact` replaces the value of fields named `email` or `password` (and a pg error's
 *   `detail`, which quotes the refused row: "Key (email)=(ann@example.com) already exists");
 * - by shape: every email address left in the text of a line (an error message quoting a value, a
 *   kafkajs log line, a stack) is replaced by {@link EMAIL_REDACTED} just before the line is written.
 *
 * The database layer does its part too: knex is told not to inline bound values into error messages
 * (`db/database.ts`), so a failed insert no longer quotes the row.
 */

/** What an email address is replaced with. */
export const EMAIL_REDACTED = '[email redacted]';

/** What a redacted field's value is replaced with. */
export const FIELD_REDACTED = '[redacted]';

/**
 * Fields whose values are never logged, as pino redact paths (`*` is one level of nesting: a
 * `{user: {email}}` or an error's `details.email`).
 */
export const REDACTED_LOG_FIELDS: readonly string[] = [
  'email',
  '*.email',
  '*.*.email',
  'password',
  '*.password',
  '*.*.password',
  'err.detail',
  '*.err.detail',
];

// Anything shaped like an address: a local part of the characters RFC 5322 allows unquoted (but not
// starting with a quote or a dot, so the SQL quote in `values ('ann@x.io'` stays), an @, and a domain
// with at least one dot ending in a label that starts with a letter (so `pkg@1.2.3` and
// `node_modules/@koa/router` stay as they are). Broader than what the user service accepts, on purpose.
const EMAIL_ADDRESS =
  /[A-Za-z0-9!#$%&*+/=?^_`{|}~-][A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]*@(?:[A-Za-z0-9-]+\.)+[A-Za-z][A-Za-z0-9-]*/g;

/** `text` with every email address in it replaced by {@link EMAIL_REDACTED}. */
export function redactEmailAddresses(text: string): string {
  // Most lines hold no @ at all: finding that out is a scan, the pattern tried at every character is not
  // (2.5% of the relay's CPU in the bench's pipeline, on its lines of event ids).
  if (!text.includes('@')) return text;
  return text.replace(EMAIL_ADDRESS, EMAIL_REDACTED);
}
