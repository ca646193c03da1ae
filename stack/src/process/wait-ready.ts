import { PollAbandonedError, PollTimeoutError, pollUntil } from '@contract-events/runtime/tools';

/** A component that did not answer in time; the message names it, its last error and its log. */
export class ComponentTimeoutError extends Error {
  constructor(component: string, timeoutMs: number, logFile?: string, lastError?: unknown) {
    const hint = logFile ? `; see its log: ${logFile}` : '';
    const last = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
    super(`${component} was not ready after ${Math.round(timeoutMs / 1000)}s${last}${hint}`);
    this.name = 'ComponentTimeoutError';
  }
}

/**
 * Polls `probe` (with the runtime's one polling loop) until it resolves, failing with a message
 * naming the component and its log: pollUntil's own errors know neither, and the log is where a
 * failed start is explained. `alive` lets the wait stop early when the process has already died.
 */
export async function waitFor(
  component: string,
  probe: () => Promise<unknown>,
  opts: { timeoutMs: number; logFile?: string; alive?: () => boolean },
): Promise<void> {
  try {
    await pollUntil(
      async () => {
        await probe();
        return true;
      },
      { timeoutMs: opts.timeoutMs, intervalMs: 500, what: component, alive: opts.alive, retryOnError: true },
    );
  } catch (err) {
    const hint = opts.logFile ? `; see its log: ${opts.logFile}` : '';
    if (err instanceof PollAbandonedError) throw new Error(`${component} exited during startup${hint}`);
    if (err instanceof PollTimeoutError) {
      throw new ComponentTimeoutError(component, opts.timeoutMs, opts.logFile, err.lastError);
    }
    throw err;
  }
}
