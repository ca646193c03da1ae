import { EnvReader, readCommonServiceConfig, type CommonServiceConfig } from '@contract-events/runtime';

export interface OrderServiceConfig extends CommonServiceConfig {
  /** ISO 4217 code used when an order does not name its currency. */
  defaultCurrency: string;
  /** Upper bound for the `Prefer: wait=N` header on POST /orders. */
  projectionWaitMaxMs: number;
}

function read(r: EnvReader): OrderServiceConfig {
  return {
    ...readCommonServiceConfig(r, { port: 3002, database: 'orders', name: 'order-service' }),
    defaultCurrency: r.string('DEFAULT_CURRENCY', 'EUR', (v) =>
      /^[A-Z]{3}$/.test(v) ? undefined : 'expected an ISO 4217 code such as EUR',
    ),
    projectionWaitMaxMs: r.int('PROJECTION_WAIT_MAX_MS', 5000, { min: 0, max: 60_000 }),
  };
}

/** Parses and validates the order service's settings once, at startup. */
export function loadConfig(env: Record<string, string | undefined> = process.env): OrderServiceConfig {
  const r = new EnvReader(env);
  const config = read(r);
  r.done();
  return config;
}

/** Every environment variable the order service reads (docker-compose.yml must set exactly these). */
export const CONFIG_VARIABLES: readonly string[] = (() => {
  const r = new EnvReader({});
  read(r);
  return r.variables;
})();
