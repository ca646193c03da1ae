import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/env';

/** JSON logs, one line per entry, with the service name on each. */
export function createLogger(name: string, level: LogLevel): Logger {
  return pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}
