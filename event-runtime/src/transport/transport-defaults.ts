/** Settings both Kafka clients share, so a service behaves alike on either. */

/** Within the broker's default bounds (6 s to 30 min); a heartbeat every third of it, as Kafka advises. */
export const CONSUMER_SESSION_TIMEOUT_MS = 9000;
export const CONSUMER_HEARTBEAT_INTERVAL_MS = 3000;

/** How long a new topic's partitions may take to get leaders. */
export const LEADER_WAIT_MS = 30_000;

/**
 * Longest a send may take before it counts as failed (the client's own retries included): a relay
 * waiting forever holds its outbox rows locked.
 */
export const SEND_TIMEOUT_MS = 60_000;

/**
 * How long offsets of handled batches may wait before they are committed (kafkajs consumer). A commit
 * after every batch is a broker round trip between the batch and the next fetch; the inbox makes
 * redelivery harmless, so what a crash or a rebalance costs is reading up to this much again.
 */
export const CONSUMER_COMMIT_INTERVAL_MS = 1000;
