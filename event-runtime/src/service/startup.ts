/**
 * Start-up that outlives a dependency still starting: each step that talks to Kafka, the registry or
 * PostgreSQL is retried while its error is transient, and only a permanent one (bad config, a schema
 * not registered, credentials refused) ends the start. Services are started by orchestrators in any
 * order; dying because Kafka answered a second late would make every deploy a race.
 */
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/pg-errors';
import { EventSystemError } from '../errors';
import { retry, type BackoffPolicy } from '../retry';

/** The dependencies a start-up step can wait for, as logs and `/ready` name them. */
export type Dependency = 'Kafka' | 'the schema registry' | 'PostgreSQL';

/** 200 ms, doubling to 5 s, a fifth random: a fleet restarting together does not retry in step. */
export const startupBackoff: BackoffPolicy = { initialMs: 200, maxMs: 5000, jitter: 0.2 };

/** True when waiting can help: a retriable runtime error, or a database that is not reachable yet. */
export function isTransient(err: unknown): boolean {
  if (err instanceof EventSystemError) return err.retriable;
  return isDatabaseUnavailable(err);
}

/** Runs the steps of one start-up and remembers what it is waiting for. */
export interface Startup {
  /** Runs `work`, retrying transient failures until it succeeds or the start-up is aborted. */
  step<T>(dependency: Dependency, what: string, work: () => Promise<T>): Promise<T>;
  /** What the start-up is doing or waiting for; `/ready` reports it until the service has started. */
  status(): string;
  /** Ends every step in progress (with its last error): a stop must not wait for a dependency. */
  abort(): void;
}

export function createStartup(logger: Logger, policy: BackoffPolicy = startupBackoff): Startup {
  const controller = new AbortController();
  let status = 'starting';
  return {
    async step(dependency, what, work) {
      if (controller.signal.aborted) throw new Error(`start-up stopped before it could ${what}`);
      status = `starting: ${what} (${dependency})`;
      return retry(work, {
        isRetriable: (err) => {
          if (isTransient(err)) return true;
          status = `failed to ${what}: ${err instanceof Error ? err.message : String(err)}`;
          return false;
        },
        policy,
        signal: controller.signal,
        onRetry: ({ err, attempt, delayMs }) => {
          const reason = err instanceof Error ? err.message : String(err);
          status = `starting: waiting for ${dependency} to ${what} (attempt ${attempt}: ${reason})`;
          logger.warn(
            { dependency, attempt, retryInMs: delayMs, reason },
            `${dependency} not available to ${what}; retrying`,
          );
        },
      });
    },
    status: () => status,
    abort: () => controller.abort(),
  };
}
