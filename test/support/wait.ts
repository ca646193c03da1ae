import { pollUntil } from '@contract-events/runtime/tools';

/**
 * Polls `probe` every 100 ms until it returns something truthy, failing after `timeoutMs`: the
 * runtime's one polling loop, under the name and signature the tests already use.
 */
export function waitUntil<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  return pollUntil(probe, { timeoutMs });
}
