import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { EventSystemError, KafkaError } from '../../../src/errors';
import { toKafkaError } from '../../../src/transport/kafka-errors';

/** A broker's answer as kafkajs reports it (its constructor takes the protocol's error entry). */
function protocolError(type: string, code: number, retriable: boolean, message: string): Error {
  return new KafkaJSProtocolError({ message, type, code, retriable } as never);
}

/** kafkajs passes a cause its type declarations do not show. */
const NonRetriable = KafkaJSNonRetriableError as unknown as new (e: Error, o: { cause: unknown }) => Error;

function translated(err: unknown): KafkaError {
  const out = toKafkaError(err, 'connect');
  expect(out).toBeInstanceOf(KafkaError);
  return out as KafkaError;
}

describe('toKafkaError', () => {
  it('calls an unreachable broker KAFKA_UNAVAILABLE, retriable, even after kafkajs gave up retrying', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(translated(refused)).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 3000 });
    expect(exhausted.retriable).toBe(false);
    expect(translated(exhausted)).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
  });

  it('keeps a topic that does not exist yet retriable', () => {
    const missing = protocolError(
      'UNKNOWN_TOPIC_OR_PARTITION',
      3,
      true,
      'This server does not host this topic-partition',
    );
    expect(translated(missing)).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
  });

  it('keeps a partition whose leader is still taking over retriable when kafkajs wraps it as non-retriable', () => {
    // What a producer with no retries of its own (ours) got from a topic created a moment before.
    const notLeader = protocolError(
      'NOT_LEADER_FOR_PARTITION',
      6,
      true,
      'This server is not the leader for that topic-partition',
    );
    const wrapped = new NonRetriable(notLeader, { cause: notLeader });
    expect((wrapped as { retriable?: boolean }).retriable).toBe(false);
    expect(translated(wrapped)).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
    // A refusal stays one, wrapped or not.
    const invalid = protocolError('INVALID_CONFIG', 40, false, 'Configuration is invalid');
    expect(translated(new NonRetriable(invalid, { cause: invalid }))).toMatchObject({
      code: 'KAFKA_REJECTED',
      retriable: false,
    });
  });

  it('calls refused credentials or permissions KAFKA_AUTH_FAILED, not retriable', () => {
    expect(
      translated(
        new (KafkaJSSASLAuthenticationError as unknown as new (m: string) => Error)(
          'SASL PLAIN authentication failed',
        ),
      ),
    ).toMatchObject({
      code: 'KAFKA_AUTH_FAILED',
      retriable: false,
    });
    const denied = protocolError('TOPIC_AUTHORIZATION_FAILED', 29, false, 'Not authorized to access topics');
    expect(translated(denied)).toMatchObject({ code: 'KAFKA_AUTH_FAILED', retriable: false });
  });

  it('names Kafka authentication for a refused login, however deep kafkajs wrapped it', () => {
    const refused = new (KafkaJSSASLAuthenticationError as unknown as new (m: string) => Error)(
      'SASL SCRAM SHA512 authentication failed: invalid credentials',
    );
    for (const err of [
      refused,
      new NonRetriable(refused, { cause: refused }),
      new KafkaJSNumberOfRetriesExceeded(new NonRetriable(refused, { cause: refused }), {
        retryCount: 5,
        retryTime: 3000,
      }),
    ]) {
      const out = toKafkaError(err, 'connect to b:9093 (SASL_SSL, SCRAM-SHA-512 as "orders")') as KafkaError;
      expect(out).toMatchObject({ code: 'KAFKA_AUTH_FAILED', retriable: false });
      expect(out.message).toMatch(
        /^Kafka authentication failed: could not connect to b:9093 \(SASL_SSL, SCRAM-SHA-512 as "orders"\): SASL SCRAM SHA512 authentication failed/,
      );
    }
  });

  it('calls a SASL mechanism the broker does not offer an authentication failure', () => {
    const unsupported = protocolError(
      'UNSUPPORTED_SASL_MECHANISM',
      33,
      false,
      'The broker does not support the requested SASL mechanism',
    );
    const out = translated(unsupported);
    expect(out).toMatchObject({ code: 'KAFKA_AUTH_FAILED', retriable: false });
    expect(out.message).toMatch(/^Kafka authentication failed/);
  });

  it('calls a broker certificate the client does not trust an authentication failure, not an outage', () => {
    const untrusted = new KafkaJSConnectionError(
      'Connection error: self-signed certificate in certificate chain',
      {
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      } as never,
    );
    const out = translated(new KafkaJSNumberOfRetriesExceeded(untrusted, { retryCount: 5, retryTime: 3000 }));
    expect(out).toMatchObject({ code: 'KAFKA_AUTH_FAILED', retriable: false });
    expect(out.message).toContain(
      "Kafka authentication failed: could not connect: the broker's TLS certificate is not trusted",
    );
    // A refused connection is still an outage.
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED', {
      code: 'ECONNREFUSED',
    } as never);
    expect(translated(refused)).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true });
  });

  it('calls a request the broker refuses KAFKA_REJECTED, not retriable, naming the operation', () => {
    const invalid = protocolError('INVALID_CONFIG', 40, false, 'Configuration is invalid');
    const err = translated(invalid);
    expect(err).toMatchObject({ code: 'KAFKA_REJECTED', retriable: false });
    expect(err.message).toBe('Kafka failed to connect: Configuration is invalid');
    expect(err.cause).toBe(invalid);
  });

  it('leaves errors that are not kafkajs errors alone', () => {
    const bug = new TypeError('x is not a function');
    expect(toKafkaError(bug, 'connect')).toBe(bug);
    const ours = new KafkaError('already translated', 'KAFKA_UNAVAILABLE');
    expect(toKafkaError(ours, 'connect')).toBe(ours);
    expect(ours).toBeInstanceOf(EventSystemError);
  });
});
