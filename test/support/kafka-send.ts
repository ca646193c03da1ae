import { isTransient, retry } from '@contract-events/runtime/tools';

/**
 * Sends as a producer's user must: again, with the runtime's backoff, while the failure is retriable
 * (a topic created a moment before may still be electing its leader: "not the leader for that
 * topic-partition"), for up to `timeoutMs`. The runtime's producers make one attempt per send; its
 * relay retries them the same way.
 */
export function sendRetrying<M>(
  producer: { send(messages: M[]): Promise<void> },
  messages: M[],
  timeoutMs = 30_000,
): Promise<void> {
  return retry(() => producer.send(messages), {
    isRetriable: isTransient,
    signal: AbortSignal.timeout(timeoutMs),
  });
}
