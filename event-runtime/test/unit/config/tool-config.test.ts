import { DEFAULT_KAFKA_BROKERS, DEFAULT_SCHEMA_REGISTRY_URL } from '../../../src/config/defaults';
import { readToolConfig } from '../../../src/config/env';
import { ConfigError } from '../../../src/errors';

describe('readToolConfig', () => {
  it('defaults to the local stack', () => {
    expect(readToolConfig({})).toEqual({
      kafka: { brokers: [DEFAULT_KAFKA_BROKERS], security: { protocol: 'PLAINTEXT' }, client: 'kafkajs' },
      schemaRegistry: { url: DEFAULT_SCHEMA_REGISTRY_URL },
    });
  });

  it('reads KAFKA_BROKERS as a list and SCHEMA_REGISTRY_URL', () => {
    expect(
      readToolConfig({
        KAFKA_BROKERS: 'a:9092, b:9092',
        SCHEMA_REGISTRY_URL: 'https://registry.test/ccompat',
      }),
    ).toEqual({
      kafka: { brokers: ['a:9092', 'b:9092'], security: { protocol: 'PLAINTEXT' }, client: 'kafkajs' },
      schemaRegistry: { url: 'https://registry.test/ccompat' },
    });
  });

  it('reports every bad variable at once, by name', () => {
    let caught: unknown;
    try {
      readToolConfig({ KAFKA_BROKERS: ' , ', SCHEMA_REGISTRY_URL: 'ftp://registry' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const err = caught as ConfigError;
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('KAFKA_BROKERS');
    expect(err.message).toContain('SCHEMA_REGISTRY_URL');
  });

  it('reads KAFKA_CLIENT: kafkajs by default, platformatic when asked, anything else refused by name', () => {
    expect(readToolConfig({}).kafka.client).toBe('kafkajs');
    expect(readToolConfig({ KAFKA_CLIENT: 'platformatic' }).kafka.client).toBe('platformatic');
    expect(() => readToolConfig({ KAFKA_CLIENT: 'rdkafka' })).toThrow(
      /KAFKA_CLIENT: expected one of kafkajs, platformatic \(got "rdkafka"\)/,
    );
  });
});
