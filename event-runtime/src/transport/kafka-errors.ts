/**
 * The Kafka clients' errors (kafkajs's, and @platformatic/kafka's through platformatic-errors.ts)
 * turned into the runtime's: what a caller needs is whether waiting can help. The one place that
 * reads kafkajs error names, so startup, `schemas:register` and the CLIs agree on either client.
 */
import { EventSystemError, KafkaError, type KafkaErrorCode } from '../errors';
import {
  classifyPlatformaticError,
  isPlatformaticError,
  platformaticCauses,
  platformaticErrorType,
  type PlatformaticLike,
} from './platformatic-errors';

interface KafkaJsLike extends Error {
  retriable?: boolean;
  type?: string;
  /** A connection error's socket error code (e.g. a TLS verification failure's). */
  code?: unknown;
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

// Node's codes for a broker certificate the client does not trust: a wrong or missing CA, a
// certificate for another host, expired. Waiting does not change which CA the client trusts.
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The broker refused our credentials, or does not offer our SASL mechanism. */
function isAuthenticationFailure(err: KafkaJsLike): boolean {
  return (
    err.name === 'KafkaJSSASLAuthenticationError' ||
    err.type === 'SASL_AUTHENTICATION_FAILED' ||
    err.type === 'UNSUPPORTED_SASL_MECHANISM'
  );
}

/** We refused the broker's certificate: it did not prove who it is. */
function isUntrustedCertificate(err: KafkaJsLike): boolean {
  return typeof err.code === 'string' && UNTRUSTED_CERTIFICATE_CODES.has(err.code);
}

function isAuthorizationFailure(err: KafkaJsLike): boolean {
  return /AUTHORIZATION_FAILED$/.test(err.type ?? '');
}

/**
 * The kafkajs errors `err` wraps, itself first: its retries and its connection pool wrap the first
 * failure (KafkaJSNumberOfRetriesExceeded, KafkaJSNonRetriableError), and a refused login must
 * stay one however deep it is.
 */
function* causes(err: KafkaJsLike): Generator<KafkaJsLike> {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && isKafkaJsError(current); depth++) {
    yield current;
    current = current.cause;
  }
}

type AuthFailure = 'authentication' | 'certificate' | 'authorization';

function authFailure(err: KafkaJsLike): AuthFailure | undefined {
  for (const e of causes(err)) {
    if (isUntrustedCertificate(e)) return 'certificate';
    if (isAuthenticationFailure(e)) return 'authentication';
    if (isAuthorizationFailure(e)) return 'authorization';
  }
  return undefined;
}

const AUTH_MESSAGES: Record<AuthFailure, (operation: string, reason: string) => string> = {
  authentication: (operation, reason) =>
    `Kafka authentication failed: could not ${operation}: ${reason} (check the SASL mechanism, username and password)`,
  certificate: (operation, reason) =>
    `Kafka authentication failed: could not ${operation}: the broker's TLS certificate is not trusted: ${reason} (check the CA certificate the client trusts)`,
  authorization: (operation, reason) => `Kafka authorization failed: could not ${operation}: ${reason}`,
};

// Transient however kafkajs wrapped it: with no retries of its own (the producer's), a partition whose
// leader is still taking over ("This server is not the leader for that topic-partition", retriable)
// comes back as a KafkaJSNonRetriableError around it.
function codeOf(err: KafkaJsLike): KafkaErrorCode {
  if (authFailure(err)) return 'KAFKA_AUTH_FAILED';
  for (const e of causes(err)) {
    if (e.retriable === true || TRANSIENT_NAMES.has(e.name)) return 'KAFKA_UNAVAILABLE';
  }
  return 'KAFKA_REJECTED';
}

/**
 * The runtime's error for a kafkajs failure while doing `operation`: `KAFKA_UNAVAILABLE` (retriable:
 * unreachable, timing out, a topic or coordinator not there yet), `KAFKA_AUTH_FAILED` (wrong
 * credentials, a SASL mechanism the broker does not offer, a broker certificate not trusted, or no
 * permission: waiting will not help; the message begins "Kafka authentication failed" or "Kafka
 * authorization failed") or `KAFKA_REJECTED` (the broker refuses the request, e.g. a bad topic
 * config). Anything that is not a kafkajs error is returned as it is: it is a bug, not Kafka.
 */
export function toKafkaError(err: unknown, operation: string): unknown {
  if (err instanceof EventSystemError) return err;
  if (isPlatformaticError(err)) return fromPlatformatic(err, operation);
  if (!isKafkaJsError(err)) return err;
  const auth = authFailure(err);
  return new KafkaError(
    auth ? AUTH_MESSAGES[auth](operation, err.message) : `Kafka failed to ${operation}: ${err.message}`,
    codeOf(err),
    { operation, kafkaError: err.name, ...(err.type ? { kafkaErrorType: err.type } : {}) },
    err,
  );
}

/** The same mapping for @platformatic/kafka's errors, with the same codes and retriable flags. */
function fromPlatformatic(err: PlatformaticLike, operation: string): KafkaError {
  const untrusted = [...platformaticCauses(err)].some((e) => isUntrustedCertificate(e as KafkaJsLike));
  const kind = untrusted ? 'certificate' : classifyPlatformaticError(err);
  const type = platformaticErrorType(err);
  const reason = [...platformaticCauses(err)]
    .map((e) => e.message)
    .filter((m, i, all) => m && all.indexOf(m) === i)
    .slice(0, 3)
    .join(': ');
  const code: KafkaErrorCode =
    kind === 'transient' ? 'KAFKA_UNAVAILABLE' : kind === 'rejected' ? 'KAFKA_REJECTED' : 'KAFKA_AUTH_FAILED';
  return new KafkaError(
    kind === 'transient' || kind === 'rejected'
      ? `Kafka failed to ${operation}: ${reason}`
      : AUTH_MESSAGES[kind](operation, reason),
    code,
    { operation, kafkaError: err.code, ...(type ? { kafkaErrorType: type } : {}) },
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
