/**
 * Ends a CLI once everything it printed has reached its reader. `process.exit` alone drops what is
 * still buffered for a pipe (stdout to a pipe is asynchronous in Node), so `inspect --json | jq` would lose
 * the tail of a long topic.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
