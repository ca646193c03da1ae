import type { Knex } from 'knex';
import { Client } from 'pg';
import { createDatabase } from '@contract-events/runtime/tools';
import { migrateDatabase, runtimeMigrations, type Migration } from '@contract-events/runtime/tools';
import { randomSuffix, testStack } from './stack-env';

export interface TestDatabase {
  url: string;
  db: Knex;
  drop(): Promise<void>;
}

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testStack.postgresAdminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database on the real PostgreSQL, migrated, dropped by `drop()`. */
export async function createTestDatabase(migrations: Migration[] = runtimeMigrations): Promise<TestDatabase> {
  const name = `test_${randomSuffix()}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(testStack.postgresAdminUrl);
  url.pathname = `/${name}`;
  const db = createDatabase(url.toString());
  await migrateDatabase(db, migrations);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
