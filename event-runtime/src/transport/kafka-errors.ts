/**
 * kafkajs's errors turned into the runtime's: what a caller needs is whether waiting can help. The
 * one place that reads kafkajs error names, so startup, `schemas:register` and the CLIs agree.
 */
import { EventSystemError, KafkaError, type KafkaErrorCode } from '../errors';

interface KafkaJsLike extends Error {
  retriable?: boolean;
  type?: string;
  cause?: unknown;
}

// kafkajs marks these non-retriable (its own retries are exhausted or it gave up waiting), yet they are
// what a broker that is still starting, or briefly gone, looks like.
const TRANSIENT_NAMES = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);

function isKafkaJsError(err: unknown): err is KafkaJsLike {
  return err instanceof Error && err.name.startsWith('KafkaJS');
}

function isAuthFailure(err: KafkaJsLike): boolean {
  return err.name === 'KafkaJSSASLAuthenticationError' || /AUTHORIZATION_FAILED$/.test(err.type ?? '');
}

function codeOf(err: KafkaJsLike): KafkaErrorCode {
  if (isAuthFailure(err)) return 'KAFKA_AUTH_FAILED';
  if (err.name === 'KafkaJSNumberOfRetriesExceeded' && isKafkaJsError(err.cause)) {
    // The retries wrap the first cause: an authentication failure stays one.
    return isAuthFailure(err.cause) ? 'KAFKA_AUTH_FAILED' : 'KAFKA_UNAVAILABLE';
  }
  return err.retriable === true || TRANSIENT_NAMES.has(err.name) ? 'KAFKA_UNAVAILABLE' : 'KAFKA_REJECTED';
}

/**
 * The runtime's error for a kafkajs failure while doing `operation`: `KAFKA_UNAVAILABLE` (retriable:
 * unreachable, timing out, a topic or coordinator not there yet), `KAFKA_AUTH_FAILED` (wrong credentials
 * or no permission: waiting will not help) or `KAFKA_REJECTED` (the broker refuses the request, e.g. a
 * bad topic config). Anything that is not a kafkajs error is returned as it is: it is a bug, not Kafka.
 */
export function toKafkaError(err: unknown, operation: string): unknown {
  if (err instanceof EventSystemError || !isKafkaJsError(err)) return err;
  return new KafkaError(
    `Kafka failed to ${operation}: ${err.message}`,
    codeOf(err),
    { operation, kafkaError: err.name, ...(err.type ? { kafkaErrorType: err.type } : {}) },
    err,
  );
}

/** Runs `action`, turning a kafkajs failure into {@link toKafkaError}'s. */
export async function kafkaCall<T>(operation: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    throw toKafkaError(err, operation);
  }
}
