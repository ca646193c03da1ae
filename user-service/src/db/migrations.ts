import { runtimeMigrations, type Migration } from '@contract-events/runtime';

/** The user service's own tables, after the runtime's outbox and inbox. */
export const userServiceMigrations: Migration[] = [
  {
    name: '0100_users',
    async up(db) {
      await db.schema.createTable('users', (t) => {
        t.uuid('id').primary();
        t.text('email').notNullable();
        t.text('name').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
      });
      // Emails are stored normalised, so a plain unique index is the duplicate check; the
      // insert relies on it instead of a racy "select then insert".
      await db.raw('create unique index users_email_unique on users (email)');
    },
    async down(db) {
      await db.schema.dropTable('users');
    },
  },
  {
    name: '0101_user_orders',
    async up(db) {
      // Orders this service learned from order_created events: a read model, not a source of truth.
      await db.schema.createTable('user_orders', (t) => {
        t.uuid('order_id').primary();
        t.uuid('user_id').notNullable();
        t.decimal('amount', 12, 2).notNullable();
        t.text('currency').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.uuid('event_id').notNullable();
        t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
      await db.raw(
        'create index user_orders_by_user on user_orders (user_id, created_at desc, order_id desc)',
      );
    },
    async down(db) {
      await db.schema.dropTable('user_orders');
    },
  },
];

/** Everything `migrateDatabase` applies for this service, in order. */
export const migrations: Migration[] = [...runtimeMigrations, ...userServiceMigrations];
