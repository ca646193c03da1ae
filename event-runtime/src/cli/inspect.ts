/**
 * `npm run inspect -- <topic> [options]` (`--help` lists them): a topic's records decoded through the
 * registry, for people (`--pretty`) or jq (`--json`). Reads KAFKA_BROKERS (with the Kafka security
 * settings and KAFKA_CLIENT) and SCHEMA_REGISTRY_* (config/registry-config.ts). Ctrl-C ends `--follow`.
 */
import { exitWhenFlushed } from './exit';
import { runInspect } from './inspect-main';

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
// A reader that went away (`| head`): stop quietly, as other command-line tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

runInspect(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  signal: stop.signal,
}).then(
  (code) => exitWhenFlushed(code),
  (err: Error) => {
    // A sentence, not a stack: every error the tool expects carries its own message and code.
    process.stderr.write(`inspect: ${err.message}\n`);
    exitWhenFlushed(1);
  },
);
