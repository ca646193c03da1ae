import type { Knex } from 'knex';

/** One schema change; services list theirs after {@link runtimeMigrations}. */
export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** The runtime's own tables: the outbox the relay publishes from and the consumer's inbox. */
export const runtimeMigrations: Migration[] = [
  {
    name: '0000_runtime_outbox',
    async up(db) {
      await db.schema.createTable('outbox', (t) => {
        t.bigIncrements('id').primary();
        t.text('topic').notNullable();
        t.text('key').notNullable();
        t.binary('value').notNullable();
        t.jsonb('headers').notNullable().defaultTo('{}');
        t.uuid('event_id').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.timestamp('published_at', { useTz: true });
      });
      // The relay only ever scans unpublished rows, in id order.
      await db.raw('create index outbox_unpublished on outbox (id) where published_at is null');
      await db.raw(
        'create index outbox_unpublished_key on outbox (topic, key, id) where published_at is null',
      );
    },
    async down(db) {
      await db.schema.dropTable('outbox');
    },
  },
  {
    name: '0001_runtime_inbox',
    async up(db) {
      await db.schema.createTable('inbox', (t) => {
        t.uuid('event_id').primary();
        t.text('topic').notNullable();
        t.integer('partition').notNullable();
        t.bigInteger('offset').notNullable();
        t.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
    },
    async down(db) {
      await db.schema.dropTable('inbox');
    },
  },
  {
    // The trace context of the transaction that wrote the row (W3C headers), for the relay to send on.
    name: '0002_runtime_outbox_trace_context',
    async up(db) {
      await db.schema.alterTable('outbox', (t) => {
        t.text('traceparent');
        t.text('tracestate');
      });
    },
    async down(db) {
      await db.schema.alterTable('outbox', (t) => {
        t.dropColumn('traceparent');
        t.dropColumn('tracestate');
      });
    },
  },
  {
    // The outbox becomes a queue of rows waiting to be published: the relay deletes what it publishes
    // instead of marking it (Kafka keeps the events). A queue table stays small, so its indexes and a
    // VACUUM of it stay cheap, where marked rows kept for a day left the claim walking dead index entries.
    name: '0003_runtime_outbox_queue',
    async up(db) {
      await db('outbox').whereNotNull('published_at').delete();
      await db.raw('drop index outbox_unpublished');
      await db.raw('drop index outbox_unpublished_key');
      await db.raw('create index outbox_by_key on outbox (topic, key, id)');
      await db.schema.alterTable('outbox', (t) => t.dropColumn('published_at'));
    },
    async down(db) {
      await db.schema.alterTable('outbox', (t) => t.timestamp('published_at', { useTz: true }));
      await db.raw('drop index outbox_by_key');
      await db.raw('create index outbox_unpublished on outbox (id) where published_at is null');
      await db.raw(
        'create index outbox_unpublished_key on outbox (topic, key, id) where published_at is null',
      );
    },
  },
  {
    // No query reads outbox_by_key since the claim checks a key's older rows among the rows it skipped
    // (outbox-store.ts), and every outbox insert and delete paid to keep it.
    name: '0004_runtime_outbox_drop_key_index',
    async up(db) {
      await db.raw('drop index if exists outbox_by_key');
    },
    async down(db) {
      await db.raw('create index outbox_by_key on outbox (topic, key, id)');
    },
  },
];

/** Applies every pending migration in order (knex keeps its bookkeeping table and lock). */
export async function migrateDatabase(db: Knex, migrations: Migration[]): Promise<string[]> {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  const source: Knex.MigrationSource<Migration> = {
    getMigrations: async () => migrations,
    getMigrationName: (m) => m.name,
    getMigration: async (m) => byName.get(m.name) as Migration,
  };
  const [, applied] = (await db.migrate.latest({ migrationSource: source })) as [number, string[]];
  return applied;
}
