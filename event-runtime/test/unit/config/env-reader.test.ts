import { EnvReader, hidePassword, readCommonServiceConfig } from '../../../src/config/env';

describe('EnvReader', () => {
  it('never repeats a password from a bad URL in its message', () => {
    const reader = new EnvReader({
      DATABASE_URL: 'postgres://app:s3cret-pw@db host:5432/users',
      SCHEMA_REGISTRY_URL: 'ftp://robot:t0ken@registry:8081',
    });
    readCommonServiceConfig(reader, { port: 3001, database: 'users', name: 'user-service' });
    let message = '';
    try {
      reader.done();
    } catch (err) {
      message = (err as Error).message + JSON.stringify((err as { details?: unknown }).details);
    }
    expect(message).toContain('DATABASE_URL: expected a URL (got "postgres://app:***@db host:5432/users")');
    expect(message).toContain('SCHEMA_REGISTRY_URL');
    expect(message).not.toContain('s3cret-pw');
    expect(message).not.toContain('t0ken');
  });
});

describe('hidePassword', () => {
  it('hides the password and keeps the rest', () => {
    expect(hidePassword('postgres://u:p%40ss@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(hidePassword('http://h:8081/apis/ccompat/v7')).toBe('http://h:8081/apis/ccompat/v7');
    expect(hidePassword('postgres://u@h/db')).toBe('postgres://u@h/db');
  });
});
