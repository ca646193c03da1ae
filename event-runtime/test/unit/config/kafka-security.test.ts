import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { EnvReader, readCommonServiceConfig, readToolConfig } from '../../../src/config/env';
import {
  describeKafkaSecurity,
  readKafkaSecurity,
  type KafkaSecurity,
} from '../../../src/config/kafka-security';
import { Secret } from '../../../src/config/secret';
import { ConfigError } from '../../../src/errors';
import { kafkajsSecurityOptions } from '../../../src/transport/kafkajs-security';

const CA_FILE = path.join(__dirname, 'fixtures', 'test-ca.pem');
const CA_PEM = fs.readFileSync(CA_FILE, 'utf8');
const PASSWORD = ' pass word with spaces, "quotes" and = signs ';

/** The security read from `env`, or the ConfigError it was refused with. */
function read(env: Record<string, string>): { security?: KafkaSecurity; error?: ConfigError } {
  const r = new EnvReader(env);
  const security = readKafkaSecurity(r);
  try {
    r.done();
    return { security };
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return { error: err as ConfigError };
  }
}

function problems(env: Record<string, string>): string {
  const { error } = read(env);
  expect(error?.code).toBe('CONFIG_INVALID');
  return `${error?.message}\n${JSON.stringify(error?.details)}`;
}

const SASL_SSL = {
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
  KAFKA_SASL_USERNAME: 'orders',
  KAFKA_SASL_PASSWORD: PASSWORD,
  KAFKA_SSL_CA_FILE: CA_FILE,
};

describe('readKafkaSecurity', () => {
  it('is PLAINTEXT when nothing is set, as Kafka clients are by default', () => {
    expect(read({}).security).toEqual({ protocol: 'PLAINTEXT' });
  });

  it('reads SASL_SSL: the mechanism, the user, the password as given and the CA file', () => {
    const security = read(SASL_SSL).security!;
    expect(security.protocol).toBe('SASL_SSL');
    expect(security.sasl?.mechanism).toBe('SCRAM-SHA-512');
    expect(security.sasl?.username).toBe('orders');
    // Not trimmed: spaces can be part of a password.
    expect(security.sasl?.password.reveal()).toBe(PASSWORD);
    expect(security.tls).toEqual({ ca: { file: CA_FILE, pem: CA_PEM }, rejectUnauthorized: true });
    expect(describeKafkaSecurity(security)).toBe('SASL_SSL, SCRAM-SHA-512 as "orders"');
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])(
    'accepts the %s mechanism over SASL_PLAINTEXT',
    (m) => {
      const security = read({
        KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
        KAFKA_SASL_MECHANISM: m,
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      }).security!;
      expect(security).toMatchObject({ protocol: 'SASL_PLAINTEXT', sasl: { mechanism: m, username: 'u' } });
      expect(security.tls).toBeUndefined();
    },
  );

  it('reads SSL without a CA file (Node trusts its default CAs) and KAFKA_SSL_REJECT_UNAUTHORIZED', () => {
    expect(read({ KAFKA_SECURITY_PROTOCOL: 'SSL' }).security).toEqual({
      protocol: 'SSL',
      tls: { rejectUnauthorized: true },
    });
    expect(
      read({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }).security?.tls,
    ).toEqual({ rejectUnauthorized: false });
  });

  it('requires the mechanism, the username and the password with a SASL protocol, naming each', () => {
    const text = problems({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' });
    expect(text).toContain('KAFKA_SASL_MECHANISM: required with KAFKA_SECURITY_PROTOCOL=SASL_SSL');
    expect(text).toContain('KAFKA_SASL_USERNAME: required');
    expect(text).toContain('KAFKA_SASL_PASSWORD: required');
  });

  it('refuses SASL settings with a protocol that would never send them', () => {
    const text = problems({ KAFKA_SASL_USERNAME: 'orders', KAFKA_SASL_PASSWORD: PASSWORD });
    expect(text).toContain(
      'KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD: set, but KAFKA_SECURITY_PROTOCOL=PLAINTEXT does not authenticate',
    );
    expect(problems({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SASL_MECHANISM: 'PLAIN' })).toContain(
      'KAFKA_SASL_MECHANISM: set, but KAFKA_SECURITY_PROTOCOL=SSL does not authenticate',
    );
  });

  it('refuses TLS settings with a protocol without TLS', () => {
    expect(
      problems({
        KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
        KAFKA_SASL_MECHANISM: 'PLAIN',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_SSL_CA_FILE: CA_FILE,
      }),
    ).toContain('KAFKA_SSL_CA_FILE: set, but KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT does not use TLS');
  });

  it('refuses unknown values, naming the accepted ones', () => {
    const text = problems({
      KAFKA_SECURITY_PROTOCOL: 'TLS',
      KAFKA_SASL_MECHANISM: 'GSSAPI',
      KAFKA_SSL_REJECT_UNAUTHORIZED: 'no',
    });
    expect(text).toContain(
      'KAFKA_SECURITY_PROTOCOL: expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL',
    );
    expect(text).toContain('KAFKA_SASL_MECHANISM: expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512');
    expect(text).toContain('KAFKA_SSL_REJECT_UNAUTHORIZED: expected true or false');
  });

  it('reads the CA file at startup: a missing file or one without a certificate stops it, named', () => {
    expect(problems({ ...SASL_SSL, KAFKA_SSL_CA_FILE: '/nowhere/ca.pem' })).toContain(
      'KAFKA_SSL_CA_FILE: cannot read /nowhere/ca.pem (ENOENT)',
    );
    const r = new EnvReader({ ...SASL_SSL, KAFKA_SSL_CA_FILE: '/etc/key.pem' });
    readKafkaSecurity(r, () => '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
    expect(() => r.done()).toThrow('KAFKA_SSL_CA_FILE: /etc/key.pem holds no PEM certificate');
    const truncated = new EnvReader(SASL_SSL);
    readKafkaSecurity(truncated, () => CA_PEM.slice(0, 120));
    expect(() => truncated.done()).toThrow('holds no PEM certificate');
  });

  it('never shows the password: not in a problem, a JSON dump, a log or an inspection of the config', () => {
    const secret = 'hunter2-do-not-leak';
    const text = problems({
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'KERBEROS',
      KAFKA_SASL_PASSWORD: secret,
    });
    expect(text).not.toContain(secret);

    const config = readToolConfig({ ...SASL_SSL, KAFKA_SASL_PASSWORD: secret });
    expect(config.kafka.security.sasl?.password.reveal()).toBe(secret);
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(JSON.stringify(config)).toContain('"password":"***"');
    expect(inspect(config, { depth: 10 })).not.toContain(secret);
    expect(`${String(config.kafka.security.sasl?.password)}`).toBe('***');
  });

  it('is part of every service config and tool config, and listed among the variables read', () => {
    const r = new EnvReader({});
    const config = readCommonServiceConfig(r, { port: 1, database: 'd', name: 'n' });
    expect(config.kafka.security).toEqual({ protocol: 'PLAINTEXT' });
    expect(r.variables).toEqual(
      expect.arrayContaining([
        'KAFKA_SECURITY_PROTOCOL',
        'KAFKA_SASL_MECHANISM',
        'KAFKA_SASL_USERNAME',
        'KAFKA_SASL_PASSWORD',
        'KAFKA_SSL_CA_FILE',
        'KAFKA_SSL_REJECT_UNAUTHORIZED',
      ]),
    );
  });
});

describe('kafkajsSecurityOptions', () => {
  it('gives kafkajs nothing for PLAINTEXT', () => {
    expect(kafkajsSecurityOptions({ protocol: 'PLAINTEXT' })).toEqual({});
  });

  it("gives kafkajs the CA, the check of the broker's certificate and the SASL login", () => {
    expect(
      kafkajsSecurityOptions({
        protocol: 'SASL_SSL',
        sasl: { mechanism: 'SCRAM-SHA-256', username: 'u', password: new Secret('p w') },
        tls: { ca: { file: CA_FILE, pem: CA_PEM }, rejectUnauthorized: true },
      }),
    ).toEqual({
      ssl: { rejectUnauthorized: true, ca: [CA_PEM] },
      sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p w' },
    });
    expect(
      kafkajsSecurityOptions({
        protocol: 'SASL_PLAINTEXT',
        sasl: { mechanism: 'PLAIN', username: 'u', password: new Secret('p') },
      }),
    ).toEqual({ sasl: { mechanism: 'plain', username: 'u', password: 'p' } });
    expect(kafkajsSecurityOptions({ protocol: 'SSL', tls: { rejectUnauthorized: false } })).toEqual({
      ssl: { rejectUnauthorized: false },
    });
  });
});
