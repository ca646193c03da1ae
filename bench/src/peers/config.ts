import { EnvReader } from '@contract-events/runtime/tools';

/** The Fastify peer's settings: where its database is and the port it listens on. */
export function readPeerConfig(env: Record<string, string | undefined> = process.env): {
  databaseUrl: string;
  port: number;
} {
  const r = new EnvReader(env);
  const config = {
    databaseUrl: r.url('DATABASE_URL', 'postgres://postgres:postgres@127.0.0.1:5432/orders', [
      'postgres:',
      'postgresql:',
    ]),
    port: r.int('PORT', 0, { min: 0, max: 65535 }),
  };
  r.done();
  return config;
}
