/**
 * Dead-letter topics: their name and settings, read by the runtime (which creates them and writes
 * to them) and by codegen (which documents them). Their headers are in ./record-headers.ts.
 */

/** The dead-letter topic of a source topic: `<topic>.dlq`. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * How a dead-letter topic is created. Retention is unlimited: a dead letter is an event that has not
 * been applied yet, and the broker's default retention (a week) would delete it before anyone replayed
 * it. One partition: dead letters are rare and a replay reads them in the order they failed.
 */
export const deadLetterTopicSettings = {
  partitions: 1,
  config: { 'retention.ms': '-1' },
} as const;
