/**
 * A certificate authority and a broker certificate it signs, for the local broker's TLS listener,
 * made with the JDK's `keytool` (every JDK the stack can run Kafka with has one: no other tool to
 * install). Generated once per state directory and again only when missing or about to expire.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface BrokerCertificates {
  /** PEM of the CA: what a client trusts (KAFKA_SSL_CA_FILE). */
  caFile: string;
  /** PKCS#12 keystore with the broker's key and its certificate chain (Kafka's ssl.keystore.*). */
  keystoreFile: string;
  keystorePassword: string;
}

const VALIDITY_DAYS = 825;
/** Regenerated when either certificate expires within this long. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

function keytool(bin: string, args: string[]): void {
  const res = spawnSync(bin, args, { encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    const output = `${res.stderr ?? ''}${res.stdout ?? ''}`.trim() || res.error?.message;
    throw new Error(`keytool ${args[0]} failed: ${output}`);
  }
}

function validFor(pemFile: string): number {
  try {
    return Date.parse(new X509Certificate(fs.readFileSync(pemFile)).validTo) - Date.now();
  } catch {
    return -1;
  }
}

/**
 * The CA and broker certificate in `dir`, generated with `keytoolBin` when missing or expiring. The
 * broker's certificate names 127.0.0.1 and localhost, where the stack's listeners are. The
 * keystore's password is generated with it and kept beside it.
 */
export function ensureBrokerCertificates(dir: string, keytoolBin: string): BrokerCertificates {
  const caFile = path.join(dir, 'ca.pem');
  const keystoreFile = path.join(dir, 'broker.p12');
  const passwordFile = path.join(dir, 'broker.p12.password');
  const brokerPem = path.join(dir, 'broker.pem');
  const fresh = [caFile, brokerPem].every((f) => validFor(f) > RENEW_BEFORE_MS);
  if (fresh && fs.existsSync(keystoreFile) && fs.existsSync(passwordFile)) {
    return { caFile, keystoreFile, keystorePassword: fs.readFileSync(passwordFile, 'utf8') };
  }

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  const certs: BrokerCertificates = { caFile, keystoreFile, keystorePassword: password };
  const caStore = path.join(dir, 'ca.p12');
  const csr = path.join(dir, 'broker.csr');
  const store = (file: string) => ['-keystore', file, '-storetype', 'PKCS12', '-storepass', password];
  const key = ['-keyalg', 'RSA', '-keysize', '2048', '-validity', String(VALIDITY_DAYS)];
  keytool(keytoolBin, [
    '-genkeypair',
    '-alias',
    'ca',
    '-dname',
    'CN=contract-events local stack CA',
    '-ext',
    'bc:c',
    ...key,
    ...store(caStore),
  ]);
  keytool(keytoolBin, ['-exportcert', '-rfc', '-alias', 'ca', '-file', certs.caFile, ...store(caStore)]);
  keytool(keytoolBin, [
    '-genkeypair',
    '-alias',
    'broker',
    '-dname',
    'CN=localhost',
    ...key,
    ...store(certs.keystoreFile),
  ]);
  keytool(keytoolBin, ['-certreq', '-alias', 'broker', '-file', csr, ...store(certs.keystoreFile)]);
  keytool(keytoolBin, [
    '-gencert',
    '-alias',
    'ca',
    '-infile',
    csr,
    '-outfile',
    brokerPem,
    '-rfc',
    '-validity',
    String(VALIDITY_DAYS),
    '-ext',
    'SAN=ip:127.0.0.1,dns:localhost',
    '-ext',
    'EKU=serverAuth',
    ...store(caStore),
  ]);
  // The chain goes into the broker's keystore: the CA first, then the reply it signed.
  keytool(keytoolBin, [
    '-importcert',
    '-noprompt',
    '-alias',
    'ca',
    '-file',
    certs.caFile,
    ...store(certs.keystoreFile),
  ]);
  keytool(keytoolBin, ['-importcert', '-alias', 'broker', '-file', brokerPem, ...store(certs.keystoreFile)]);
  // The CA's private key is needed only to sign; nobody should sign with it later.
  fs.rmSync(caStore);
  fs.rmSync(csr);
  fs.writeFileSync(passwordFile, password, { mode: 0o600 });
  return certs;
}
