import { withSecuredListener } from '../../src/components/kafka-secured-listener';

const BASE = [
  'process.roles=broker,controller',
  'listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093',
  'advertised.listeners=PLAINTEXT://127.0.0.1:9092',
  'controller.listener.names=CONTROLLER',
  'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
  'inter.broker.listener.name=PLAINTEXT',
  '',
].join('\n');

const STATE = {
  users: {
    PLAIN: { username: 'stack_plain', password: 'plain-pw' },
    'SCRAM-SHA-512': { username: 'stack_scram', password: 'scram-pw' },
  },
  keystore: { file: '/state/kafka/tls/broker.p12', password: 'store-pw' },
};

/** server.properties as a map (the last value of a key wins, as in java.util.Properties). */
function parse(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.includes('=')) continue;
    const eq = line.indexOf('=');
    map.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return map;
}

describe('withSecuredListener', () => {
  const props = parse(withSecuredListener(BASE, STATE, 9102));

  it('adds SASL_SSL beside the PLAINTEXT listener, which stays the inter-broker one', () => {
    expect(props.get('listeners')).toBe(
      'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,SASL_SSL://127.0.0.1:9102',
    );
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:9092,SASL_SSL://127.0.0.1:9102');
    expect(props.get('listener.security.protocol.map')).toBe(
      'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
    );
    expect(props.get('inter.broker.listener.name')).toBe('PLAINTEXT');
    expect(props.get('process.roles')).toBe('broker,controller');
  });

  it('enables PLAIN and SCRAM-SHA-512 on that listener only, with its keystore', () => {
    expect(props.get('sasl.enabled.mechanisms')).toBeUndefined();
    expect(props.get('listener.name.sasl_ssl.sasl.enabled.mechanisms')).toBe('PLAIN,SCRAM-SHA-512');
    expect(props.get('listener.name.sasl_ssl.plain.sasl.jaas.config')).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required user_stack_plain="plain-pw";',
    );
    expect(props.get('listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config')).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    );
    expect(props.get('listener.name.sasl_ssl.ssl.keystore.location')).toBe('/state/kafka/tls/broker.p12');
    expect(props.get('listener.name.sasl_ssl.ssl.keystore.password')).toBe('store-pw');
  });

  it('fails loudly rather than start a broker without the listener', () => {
    expect(() => withSecuredListener('process.roles=broker\n', STATE, 9102)).toThrow(
      'server.properties has no listeners, advertised.listeners, listener.security.protocol.map',
    );
  });
});
