import { runtimeMigrations, type Migration } from '@contract-events/runtime';

/** The order service's own tables, after the runtime's outbox and inbox. */
export const orderServiceMigrations: Migration[] = [
  {
    name: '0200_orders',
    async up(db) {
      await db.schema.createTable('orders', (t) => {
        t.uuid('id').primary();
        t.uuid('user_id').notNullable();
        t.decimal('amount', 12, 2).notNullable();
        t.text('currency').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
      });
      // The route validates both already; the checks keep any other writer honest.
      await db.raw('alter table orders add constraint orders_amount_positive check (amount > 0)');
      await db.raw("alter table orders add constraint orders_currency_iso check (currency ~ '^[A-Z]{3}$')");
      await db.raw('create index orders_by_user on orders (user_id, created_at desc, id desc)');
    },
    async down(db) {
      await db.schema.dropTable('orders');
    },
  },
  {
    name: '0201_users_projection',
    async up(db) {
      // Users as last seen on user_created: which user ids orders may name. Kept without a
      // foreign key from orders, because the projection is a cache of another service's facts.
      await db.schema.createTable('users', (t) => {
        t.uuid('user_id').primary();
        t.text('email').notNullable();
        t.text('name').notNullable();
        t.timestamp('occurred_at', { useTz: true }).notNullable();
        t.uuid('event_id').notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
    },
    async down(db) {
      await db.schema.dropTable('users');
    },
  },
];

/** Everything `migrateDatabase` applies for this service, in order. */
export const migrations: Migration[] = [...runtimeMigrations, ...orderServiceMigrations];
