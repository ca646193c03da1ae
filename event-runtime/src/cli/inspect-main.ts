/**
 * `npm run inspect`, as a function of its arguments and outputs (the entry point is `inspect.ts`):
 * reads a topic through the runtime's transport with `readTopic` (its own group, nothing committed)
 * and prints each record, decoded through the registry.
 */
import { readToolConfig } from '../config/env';
import { TopicReadError } from '../errors';
import { createSchemaRegistry } from '../registry/schema-registry';
import { createKafkaTransport } from '../transport/kafka-transport';
import { readTopic } from '../transport/topic-reader';
import { INSPECT_USAGE, parseInspectArgs } from './inspect-args';
import { formatJson, formatPretty } from './inspect-format';
import { createRecordInspector, keyText } from './inspect-record';

/** Where the inspector writes, what it reads its settings from, and what stops a `--follow`. */
export interface InspectIo {
  /** One record as printed (a JSON line, or a pretty block). */
  out(text: string): void;
  /** Usage, errors and the closing count. */
  err(text: string): void;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/**
 * Runs the inspector. Resolves with the exit code: 0 done, 2 bad usage (arguments, a topic or
 * partition Kafka does not have).
 *
 * @throws ConfigError for bad settings; KafkaError, RegistryError when they cannot be reached.
 */
export async function runInspect(argv: string[], io: InspectIo): Promise<number> {
  const parsed = parseInspectArgs(argv);
  if (parsed.kind === 'help') {
    io.out(INSPECT_USAGE);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    io.err(`inspect: ${parsed.message}\n${INSPECT_USAGE}`);
    return 2;
  }
  const { options } = parsed;
  const config = readToolConfig(io.env);
  const inspect = createRecordInspector(createSchemaRegistry(config.schemaRegistry), options.topic);
  const transport = createKafkaTransport({ ...config.kafka, clientId: 'inspect', failFast: true });
  const format = options.format === 'json' ? formatJson : formatPretty;
  let printed = 0;
  try {
    await readTopic(transport, {
      topic: options.topic,
      groupPrefix: 'inspect',
      partitions: options.partition === undefined ? undefined : [options.partition],
      start: options.start,
      follow: options.follow,
      signal: io.signal,
      onMessage: async (message) => {
        if (options.key !== undefined && keyText(message.key) !== options.key) return true;
        io.out(format(await inspect(message)));
        printed += 1;
        return printed < options.limit;
      },
    });
  } catch (err) {
    if (!(err instanceof TopicReadError)) throw err;
    io.err(`inspect: ${err.message}`);
    return 2;
  }
  io.err(`${printed} record(s) from ${options.topic}`);
  return 0;
}
