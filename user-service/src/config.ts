import { EnvReader, readCommonServiceConfig, type CommonServiceConfig } from '@contract-events/runtime';

export type UserServiceConfig = CommonServiceConfig;

/** Parses and validates the user service's settings once, at startup. */
export function loadConfig(env: Record<string, string | undefined> = process.env): UserServiceConfig {
  const r = new EnvReader(env);
  const config = readCommonServiceConfig(r, { port: 3001, database: 'users', name: 'user-service' });
  r.done();
  return config;
}

/** Every environment variable the user service reads (docker-compose.yml must set exactly these). */
export const CONFIG_VARIABLES: readonly string[] = (() => {
  const r = new EnvReader({});
  readCommonServiceConfig(r, { port: 3001, database: 'users', name: 'user-service' });
  return r.variables;
})();
