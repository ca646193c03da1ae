/**
 * How @platformatic/kafka's errors read, for kafka-errors.ts: the one place that knows its error
 * shapes. Its errors carry a `code` (`PLT_KFK_NETWORK`, `PLT_KFK_PROTOCOL`...), `canRetry`, and for a
 * broker's answer `apiId` (Kafka's error name, e.g. `SASL_AUTHENTICATION_FAILED`); several failures
 * come wrapped in one (`PLT_KFK_MULTIPLE`, with `errors`), a socket's in `cause`.
 */

export interface PlatformaticLike extends Error {
  code: string;
  canRetry?: boolean;
  apiId?: string;
  errors?: unknown[];
  cause?: unknown;
}

export function isPlatformaticError(err: unknown): err is PlatformaticLike {
  const code = (err as { code?: unknown } | undefined)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('PLT_KFK_');
}

/** `err` and every error it wraps (`errors`, `cause`), breadth first, a bounded number. */
export function* platformaticCauses(err: unknown): Generator<Error & Record<string, unknown>> {
  const queue: unknown[] = [err];
  for (let seen = 0; queue.length > 0 && seen < 20; seen++) {
    const current = queue.shift();
    if (!(current instanceof Error)) continue;
    yield current as Error & Record<string, unknown>;
    const wrapped = current as { errors?: unknown; cause?: unknown };
    if (Array.isArray(wrapped.errors)) queue.push(...wrapped.errors);
    if (wrapped.cause !== undefined) queue.push(wrapped.cause);
  }
}

// Kafka's error names that mean the broker refused who we are, not that it is busy.
const AUTHENTICATION_API_IDS = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'UNSUPPORTED_SASL_MECHANISM',
  'ILLEGAL_SASL_STATE',
]);

export type PlatformaticFailure = 'authentication' | 'authorization' | 'transient' | 'rejected';

/**
 * What a @platformatic/kafka failure means: a refused login or mechanism (`PLT_KFK_AUTHENTICATION`
 * or the broker's SASL errors), a missing permission (`*_AUTHORIZATION_FAILED`), something waiting
 * can fix (a network error or a timeout, or a broker answer the library marks retriable, anywhere in
 * the chain), or a refusal. Certificate failures are recognised by the caller from the socket's code.
 */
export function classifyPlatformaticError(err: PlatformaticLike): PlatformaticFailure {
  const all = [...platformaticCauses(err)];
  if (all.some((e) => e.code === 'PLT_KFK_AUTHENTICATION' || AUTHENTICATION_API_IDS.has(String(e.apiId)))) {
    return 'authentication';
  }
  if (all.some((e) => /AUTHORIZATION_FAILED$/.test(String(e.apiId ?? '')))) return 'authorization';
  if (
    all.some(
      (e) =>
        e.code === 'PLT_KFK_NETWORK' ||
        e.code === 'PLT_KFK_TIMEOUT' ||
        e.canRetry === true ||
        // Metadata for a topic that does not exist (yet): the library says so as a UserError, where
        // kafkajs (and Kafka) report a retriable UNKNOWN_TOPIC_OR_PARTITION. A service waits for it.
        (e.code === 'PLT_KFK_USER' && /^Unknown topic/.test(e.message)) ||
        // A socket refused or reset before the library wrapped it.
        (typeof e.code === 'string' &&
          /^(ECONN|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)/.test(e.code)),
    )
  ) {
    return 'transient';
  }
  return 'rejected';
}

/** The broker's error name (or the library's code) for the error's details. */
export function platformaticErrorType(err: PlatformaticLike): string | undefined {
  for (const e of platformaticCauses(err)) if (typeof e.apiId === 'string') return e.apiId;
  return undefined;
}
