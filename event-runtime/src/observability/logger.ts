import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/env';
import { FIELD_REDACTED, REDACTED_LOG_FIELDS, redactEmailAddresses } from './redact';

/**
 * JSON logs, one line per entry, with the service name on each, and no personal data or secret in
 * them (see `redact.ts`). `destination` is standard output unless a test gives another stream.
 */
export function createLogger(name: string, level: LogLevel, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACTED_LOG_FIELDS], censor: FIELD_REDACTED },
    hooks: { streamWrite: redactEmailAddresses },
  };
  return destination ? pino(options, destination) : pino(options);
}
