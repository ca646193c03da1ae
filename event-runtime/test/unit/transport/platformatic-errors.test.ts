import {
  AuthenticationError,
  MultipleErrors,
  NetworkError,
  ProtocolError,
  ResponseError,
  TimeoutError,
  UserError,
} from '@platformatic/kafka';
import { KafkaError } from '../../../src/errors';
import { toKafkaError } from '../../../src/transport/kafka-errors';

function mapped(err: unknown): KafkaError {
  const out = toKafkaError(err, 'do something');
  expect(out).toBeInstanceOf(KafkaError);
  return out as KafkaError;
}

/** As the library reports a failure after its retries: several attempts wrapped in one. */
function afterRetries(...errors: Error[]): MultipleErrors {
  return new MultipleErrors('operation failed 3 times.', errors);
}

describe('toKafkaError on @platformatic/kafka errors', () => {
  it('maps an unreachable broker to the retriable KAFKA_UNAVAILABLE', () => {
    const err = mapped(afterRetries(new NetworkError('Connection to 127.0.0.1:1 failed.')));
    expect(err.code).toBe('KAFKA_UNAVAILABLE');
    expect(err.retriable).toBe(true);
    expect(err.message).toContain('Connection to 127.0.0.1:1 failed');
  });

  it('maps a timeout to KAFKA_UNAVAILABLE', () => {
    expect(mapped(new TimeoutError('Request timed out.')).code).toBe('KAFKA_UNAVAILABLE');
  });

  it('maps a broker error the library marks retriable to KAFKA_UNAVAILABLE', () => {
    const err = mapped(new ResponseError(1, 0, { '/results/0': [3, null] }, { results: [] }));
    expect(err.code).toBe('KAFKA_UNAVAILABLE');
  });

  it('maps a topic that does not exist yet to KAFKA_UNAVAILABLE, as kafkajs does', () => {
    expect(mapped(new UserError('Unknown topic orders.')).code).toBe('KAFKA_UNAVAILABLE');
  });

  it('maps refused credentials, however deep, to KAFKA_AUTH_FAILED (not retriable)', () => {
    const err = mapped(afterRetries(new AuthenticationError('SASL authentication failed.')));
    expect(err.code).toBe('KAFKA_AUTH_FAILED');
    expect(err.retriable).toBe(false);
    expect(err.message).toMatch(/^Kafka authentication failed: could not do something/);
  });

  it("maps the broker's SASL_AUTHENTICATION_FAILED to KAFKA_AUTH_FAILED even inside a network error", () => {
    const refused = new ProtocolError('SASL_AUTHENTICATION_FAILED');
    const err = mapped(new NetworkError('Connection failed.', { cause: refused }));
    expect(err.code).toBe('KAFKA_AUTH_FAILED');
    expect(err.details).toMatchObject({ kafkaErrorType: 'SASL_AUTHENTICATION_FAILED' });
  });

  it('maps a broker certificate the client does not trust to KAFKA_AUTH_FAILED', () => {
    const tls = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    const err = mapped(afterRetries(new NetworkError('Connection failed.', { cause: tls })));
    expect(err.code).toBe('KAFKA_AUTH_FAILED');
    expect(err.message).toContain("the broker's TLS certificate is not trusted");
  });

  it('maps a missing permission to KAFKA_AUTH_FAILED as an authorization failure', () => {
    const err = mapped(afterRetries(new ProtocolError('TOPIC_AUTHORIZATION_FAILED')));
    expect(err.code).toBe('KAFKA_AUTH_FAILED');
    expect(err.message).toMatch(/^Kafka authorization failed/);
  });

  it('maps a refused request to KAFKA_REJECTED (not retriable)', () => {
    const err = mapped(afterRetries(new ProtocolError('INVALID_CONFIG')));
    expect(err.code).toBe('KAFKA_REJECTED');
    expect(err.retriable).toBe(false);
    expect(err.details).toMatchObject({ kafkaError: 'PLT_KFK_MULTIPLE', kafkaErrorType: 'INVALID_CONFIG' });
  });

  it('returns an error that is not the library’s as it is', () => {
    const bug = new TypeError('x is undefined');
    expect(toKafkaError(bug, 'do something')).toBe(bug);
  });
});
