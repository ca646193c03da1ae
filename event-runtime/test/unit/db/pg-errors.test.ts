import { isDataRefusal, isDatabaseUnavailable } from '../../../src/db/pg-errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['every slot taken', withCode('sorry, too many clients already', '53300')],
    ['a server shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['a connection exception class', withCode('connection failure', '08006')],
    [
      'a pool timeout',
      Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' }),
    ],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    // Seen in the PostgreSQL outage fault scenario, where these answered 500 before.
    ['a cut connection, as knex words it', new Error('BEGIN; - Connection terminated unexpectedly')],
    [
      'a client after its connection broke',
      new Error('ROLLBACK - Client has encountered a connection error and is not queryable'),
    ],
    ['a closed client', new Error('Client was closed and is not queryable')],
    ['a pool connect timeout', new Error('Connection terminated due to connection timeout')],
  ])('is true for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "SELEC"', '42601')],
    [
      'a data exception whose text mentions a connection',
      withCode('Connection terminated is not a number', '22P02'),
    ],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'Connection terminated'],
  ])('is false for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('isDataRefusal', () => {
  it('is true for data exceptions and integrity violations only', () => {
    expect(isDataRefusal(withCode('invalid byte sequence', '22021'))).toBe(true);
    expect(isDataRefusal(withCode('duplicate key', '23505'))).toBe(true);
    expect(isDataRefusal(withCode('too many clients', '53300'))).toBe(false);
  });
});
