import { EnvReader } from '../../../src/config/env';
import { parseOtlpHeaders, readTracingConfig } from '../../../src/config/tracing-config';
import { ConfigError } from '../../../src/errors';

function read(env: Record<string, string>) {
  const r = new EnvReader(env);
  const config = readTracingConfig(r, 'order-service');
  r.done();
  return config;
}

describe('readTracingConfig', () => {
  it('is off by default, named after the service, with the specification endpoint', () => {
    expect(read({})).toEqual({
      exporter: 'none',
      serviceName: 'order-service',
      otlpTracesUrl: 'http://localhost:4318/v1/traces',
      otlpHeaders: undefined,
    });
  });

  it('reads the standard OTEL_* variables; the signal endpoint wins over the base one', () => {
    const config = read({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_SERVICE_NAME: 'orders-eu',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.test:4318/',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s3cr%20et',
    });
    expect(config).toMatchObject({
      exporter: 'otlp',
      serviceName: 'orders-eu',
      otlpTracesUrl: 'https://collector.test:4318/v1/traces',
    });
    // A secret: never in a dump of the config.
    expect(JSON.stringify(config)).not.toContain('s3cr');
    expect(parseOtlpHeaders(config.otlpHeaders!.reveal())).toEqual({ 'api-key': 's3cr et' });
    expect(read({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces.test/custom' }).otlpTracesUrl).toBe(
      'http://traces.test/custom',
    );
  });

  it('refuses an exporter it does not have and a bad endpoint, naming each variable', () => {
    expect(() => read({ OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_OTLP_ENDPOINT: 'nope' })).toThrow(
      ConfigError,
    );
    try {
      read({ OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_OTLP_ENDPOINT: 'nope' });
    } catch (err) {
      expect((err as Error).message).toMatch(/OTEL_TRACES_EXPORTER: expected one of none, otlp/);
      expect((err as Error).message).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT: expected a URL/);
    }
  });
});

describe('parseOtlpHeaders', () => {
  it('reads name=value pairs, percent-decoded, skipping malformed ones', () => {
    expect(parseOtlpHeaders('a=1, b = x%2Cy ,broken,=nameless')).toEqual({ a: '1', b: 'x,y' });
  });
});
