/**
 * How a client authenticates to Kafka and protects the connection: the KAFKA_SECURITY_PROTOCOL,
 * KAFKA_SASL_* and KAFKA_SSL_* variables, named and valued as Kafka's own client settings
 * (`security.protocol`, `sasl.mechanism`, `ssl.truststore...`). Read once with the rest of the
 * config; the transport turns it into the client's options.
 */
import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { EnvReader } from './env';
import type { Secret } from './secret';

/** Kafka's `security.protocol` values. */
export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];

/** The SASL mechanisms the transport supports, as Kafka's `sasl.mechanism` names them. */
export const KAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

export interface KafkaSasl {
  mechanism: KafkaSaslMechanism;
  username: string;
  /** Hidden in logs, JSON and messages; only the transport reveals it. */
  password: Secret;
}

export interface KafkaTls {
  /** The CA certificates to trust instead of Node's default ones (KAFKA_SSL_CA_FILE), read at startup. */
  ca?: { file: string; pem: string };
  /** False only for testing: accept a broker certificate nobody vouches for. */
  rejectUnauthorized: boolean;
}

/** `sasl` is present exactly for the SASL_* protocols, `tls` exactly for SSL and SASL_SSL. */
export interface KafkaSecurity {
  protocol: KafkaSecurityProtocol;
  sasl?: KafkaSasl;
  tls?: KafkaTls;
}

/** No TLS, no authentication: the local stack's main listener. */
export const PLAINTEXT_SECURITY: KafkaSecurity = { protocol: 'PLAINTEXT' };

const SASL_VARIABLES = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];
const TLS_VARIABLES = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_REJECT_UNAUTHORIZED'];

/** Reads a CA file; a file that is not readable or holds no certificate is a problem, named. */
function readCaFile(
  r: EnvReader,
  file: string,
  readFile: (path: string) => string,
): { file: string; pem: string } | undefined {
  let pem: string;
  try {
    pem = readFile(file);
  } catch (err) {
    r.report(
      `KAFKA_SSL_CA_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
    return undefined;
  }
  try {
    // Parses the first certificate: a key, a truncated file or the wrong file fails here, not at connect.
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no certificate');
    new X509Certificate(pem);
  } catch {
    r.report(`KAFKA_SSL_CA_FILE: ${file} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----")`);
    return undefined;
  }
  return { file, pem };
}

/**
 * The Kafka security settings through `r` (problems are reported to it, so `r.done()` lists them
 * with every other bad variable). A combination that would silently not do what was asked (a
 * password with a protocol that never sends it, a CA with a protocol without TLS) is refused.
 */
export function readKafkaSecurity(
  r: EnvReader,
  readFile: (path: string) => string = (p) => fs.readFileSync(p, 'utf8'),
): KafkaSecurity {
  const protocol = r.oneOf('KAFKA_SECURITY_PROTOCOL', 'PLAINTEXT', KAFKA_SECURITY_PROTOCOLS);
  const mechanism = r.string('KAFKA_SASL_MECHANISM', '', (v) =>
    v === '' || (KAFKA_SASL_MECHANISMS as readonly string[]).includes(v)
      ? undefined
      : `expected one of ${KAFKA_SASL_MECHANISMS.join(', ')}`,
  );
  const username = r.string('KAFKA_SASL_USERNAME', '');
  const password = r.secret('KAFKA_SASL_PASSWORD');
  const caFile = r.string('KAFKA_SSL_CA_FILE', '');
  const rejectRaw = r.string('KAFKA_SSL_REJECT_UNAUTHORIZED', '', (v) =>
    ['', 'true', 'false'].includes(v) ? undefined : 'expected true or false',
  );

  const usesSasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const given = {
    KAFKA_SASL_MECHANISM: mechanism !== '',
    KAFKA_SASL_USERNAME: username !== '',
    KAFKA_SASL_PASSWORD: password !== undefined,
    KAFKA_SSL_CA_FILE: caFile !== '',
    KAFKA_SSL_REJECT_UNAUTHORIZED: rejectRaw !== '',
  };
  const security: KafkaSecurity = { protocol };

  if (usesSasl) {
    if (!given.KAFKA_SASL_MECHANISM) {
      r.report(
        `KAFKA_SASL_MECHANISM: required with KAFKA_SECURITY_PROTOCOL=${protocol} (one of ${KAFKA_SASL_MECHANISMS.join(', ')})`,
      );
    }
    if (!given.KAFKA_SASL_USERNAME)
      r.report(`KAFKA_SASL_USERNAME: required with KAFKA_SECURITY_PROTOCOL=${protocol}`);
    if (!password) r.report(`KAFKA_SASL_PASSWORD: required with KAFKA_SECURITY_PROTOCOL=${protocol}`);
    if (mechanism !== '' && password) {
      security.sasl = { mechanism: mechanism as KafkaSaslMechanism, username, password };
    }
  } else {
    const stray = SASL_VARIABLES.filter((name) => given[name as keyof typeof given]);
    if (stray.length > 0) {
      r.report(
        `${stray.join(', ')}: set, but KAFKA_SECURITY_PROTOCOL=${protocol} does not authenticate (use SASL_SSL or SASL_PLAINTEXT)`,
      );
    }
  }

  if (usesTls) {
    const ca = caFile === '' ? undefined : readCaFile(r, caFile, readFile);
    security.tls = { ...(ca ? { ca } : {}), rejectUnauthorized: rejectRaw !== 'false' };
  } else {
    const stray = TLS_VARIABLES.filter((name) => given[name as keyof typeof given]);
    if (stray.length > 0) {
      r.report(
        `${stray.join(', ')}: set, but KAFKA_SECURITY_PROTOCOL=${protocol} does not use TLS (use SSL or SASL_SSL)`,
      );
    }
  }
  return security;
}

/**
 * The security in a line for logs and error messages, never with the password: `PLAINTEXT`,
 * `SSL`, `SASL_SSL, SCRAM-SHA-512 as "orders"`.
 */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  const sasl = security.sasl ? `, ${security.sasl.mechanism} as "${security.sasl.username}"` : '';
  return `${security.protocol}${sasl}`;
}
