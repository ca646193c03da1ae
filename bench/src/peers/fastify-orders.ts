/**
 * The services scenario's peer: POST /orders as a plain Fastify route would write it, the same order
 * row plus its outbox row in one transaction, on the same database (DATABASE_URL, PORT). The event is
 * JSON, not Avro, and the user is not checked: what is left is the HTTP and database work itself.
 *   node --import tsx bench/src/peers/fastify-orders.ts
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { readPeerConfig } from './config';

const config = readPeerConfig();
// As many connections as knex's default pool (max 10), which the services use.
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
const app = Fastify({ logger: false });

const body = {
  type: 'object',
  required: ['user_id', 'amount'],
  additionalProperties: false,
  properties: {
    user_id: { type: 'string', format: 'uuid' },
    amount: { type: 'string', pattern: '^\\d{1,10}(\\.\\d{1,2})?$' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
} as const;

app.get('/ready', async () => ({ status: 'ok' }));

app.post<{ Body: { user_id: string; amount: string; currency?: string } }>(
  '/orders',
  { schema: { body } },
  async (request, reply) => {
    const order = {
      id: randomUUID(),
      user_id: request.body.user_id,
      amount: Number(request.body.amount).toFixed(2),
      currency: request.body.currency ?? 'EUR',
      created_at: new Date(),
    };
    const eventId = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(
        'insert into orders (id, user_id, amount, currency, created_at) values ($1, $2, $3, $4, $5)',
        [order.id, order.user_id, order.amount, order.currency, order.created_at],
      );
      await client.query(
        'insert into outbox (topic, key, value, headers, event_id) values ($1, $2, $3, $4, $5)',
        [
          'order_created',
          order.id,
          Buffer.from(JSON.stringify({ event_id: eventId, ...order })),
          JSON.stringify({ event_id: eventId }),
          eventId,
        ],
      );
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    return reply.code(201).header('location', `/orders/${order.id}`).send(order);
  },
);

app.listen({ host: '127.0.0.1', port: config.port }).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
