/**
 * The bench's one read of the environment: the stack's settings (STACK_*, as `npm run stack:up` reads
 * them), BENCH_KAFKA_CLIENTS, and whatever the service processes it starts inherit. Scenarios get it as
 * `ctx.env` and pass it down.
 */
export function readBenchEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
