const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ComponentTimeoutError extends Error {
  constructor(component: string, timeoutMs: number, logFile?: string, lastError?: unknown) {
    const hint = logFile ? `; see its log: ${logFile}` : '';
    const last = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
    super(`${component} was not ready after ${Math.round(timeoutMs / 1000)}s${last}${hint}`);
    this.name = 'ComponentTimeoutError';
  }
}

/**
 * Polls `probe` until it resolves, failing with a message naming the component and its log.
 * `alive` lets the wait stop early when the process has already died.
 */
export async function waitFor(
  component: string,
  probe: () => Promise<unknown>,
  opts: { timeoutMs: number; logFile?: string; alive?: () => boolean },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (err) {
      lastError = err;
    }
    if (opts.alive && !opts.alive()) {
      const hint = opts.logFile ? `; see its log: ${opts.logFile}` : '';
      throw new Error(`${component} exited during startup${hint}`);
    }
    await sleep(500);
  }
  throw new ComponentTimeoutError(component, opts.timeoutMs, opts.logFile, lastError);
}
