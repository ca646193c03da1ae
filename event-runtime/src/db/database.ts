import knex, { type Knex } from 'knex';
import pg from 'pg';

// numeric (money) and int8 (outbox ids) come back as strings: never through a float.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

/** A knex instance on PostgreSQL with a small pool; one per service instance. */
export function createDatabase(url: string, pool: { min?: number; max?: number } = {}): Knex {
  return knex({
    client: 'pg',
    // A database that does not answer (a frozen host drops packets, nothing refuses) must cost a request
    // seconds, not minutes: node-postgres would otherwise wait for the OS's TCP timeout.
    connection: { connectionString: url, connectionTimeoutMillis: 5000 },
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    acquireConnectionTimeout: 10_000,
    // knex's error messages would otherwise quote the statement with its values inlined (an email, a
    // name), and errors end up in logs and dead letters: placeholders ($1) only.
    compileSqlOnError: false,
  });
}
