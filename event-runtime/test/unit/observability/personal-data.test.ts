/**
 * No email address or secret in a log line or a dead letter's error headers, whichever way it travels:
 * a field, an error's details, a PostgreSQL error's detail, an error message quoting a value, a
 * message string, a kafkajs line.
 */
import { HttpError } from '../../../src/http';
import { DLQ_HEADERS, deadLetterOf } from '../../../src/consumer/dead-letter';
import { InvalidEventError } from '../../../src/consumer/invalid-event';
import { createLogger } from '../../../src/observability/logger';
import { EMAIL_REDACTED, redactEmailAddresses } from '../../../src/observability/redact';

const email = 'Ann.Lovelace+soak@Mail.Example.co.uk';

/** A logger like the services', writing its lines into an array. */
function capture(level: 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  const logger = createLogger('test-service', level, { write: (line: string) => lines.push(line) });
  return { logger, lines, text: () => lines.join('') };
}

describe('redactEmailAddresses', () => {
  it.each([
    [
      `insert into "users" values ('${email}', 'Ann')`,
      `insert into "users" values ('${EMAIL_REDACTED}', 'Ann')`,
    ],
    ['Key (email)=(ann@example.com) already exists.', `Key (email)=(${EMAIL_REDACTED}) already exists.`],
    ['{"msg":"x","to":"a_b-c@x-y.io"}', `{"msg":"x","to":"${EMAIL_REDACTED}"}`],
    ['two: a@b.de, c@d.fr', `two: ${EMAIL_REDACTED}, ${EMAIL_REDACTED}`],
  ])('replaces every address in %j', (text, expected) => {
    expect(redactEmailAddresses(text)).toBe(expected);
  });

  it('redacts an address whose local part has an apostrophe', () => {
    expect(redactEmailAddresses(`to 'o'brien@example.com'`)).toBe(`to '${EMAIL_REDACTED}'`);
  });

  it.each(['at file:///app/node_modules/@koa/router/lib/router.js:12:3', 'kafkajs@2.2.4', 'no address here'])(
    'leaves %j as it is',
    (text) => {
      expect(redactEmailAddresses(text)).toBe(text);
    },
  );
});

describe('the service logger', () => {
  it('logs no email address, whichever way it comes', () => {
    const { logger, lines, text } = capture();
    const pgError = Object.assign(
      new Error(`insert into "users" ("email") values ('${email}') - duplicate key value`),
      { code: '23505', detail: `Key (email)=(${email.toLowerCase()}) already exists.` },
    );
    logger.info({ email }, 'a field');
    logger.info({ user: { id: 1, email } }, 'a nested field');
    logger.warn(
      { err: new HttpError('conflict', 'A user with this email already exists', { email }, pgError) },
      'an error with details and a cause',
    );
    logger.error({ err: pgError }, 'a database error');
    logger.error({ kafka: { error: `bad record for ${email}` } }, `kafkajs says ${email}`);
    expect(lines).toHaveLength(5);
    expect(text().toLowerCase()).not.toContain(email.toLowerCase());
    expect(text()).not.toContain('@mail.example');
    // What was said is still there, without the address.
    expect(text()).toContain('A user with this email already exists');
    expect(text()).toContain('"email":"[redacted]"');
    expect(text()).toContain(`kafkajs says ${EMAIL_REDACTED}`);
  });

  it('logs no password field', () => {
    const { logger, text } = capture('debug');
    logger.debug({ password: 'hunter2', db: { password: 'hunter3' } }, 'settings');
    expect(text()).not.toMatch(/hunter[23]/);
  });
});

describe('a dead letter', () => {
  it('carries no email address in its error headers, and the event bytes untouched', () => {
    const value = Buffer.from(`avro bytes with ${email}`);
    const error = new InvalidEventError(
      `the database refused the event: insert into "users" values ('${email}') - invalid byte sequence`,
    );
    const letter = deadLetterOf(
      {
        topic: 'user_created',
        partition: 0,
        offset: '7',
        key: Buffer.from('k'),
        value,
        headers: { event_id: 'e1' },
        timestamp: '0',
      },
      error,
    );
    const headers = letter.headers ?? {};
    expect(Object.values(headers).join('\n').toLowerCase()).not.toContain(email.toLowerCase());
    expect(headers[DLQ_HEADERS.errorMessage]).toContain(`values ('${EMAIL_REDACTED}')`);
    expect(headers[DLQ_HEADERS.errorCode]).toBe('INVALID_EVENT');
    expect(letter.value).toBe(value);
  });
});
