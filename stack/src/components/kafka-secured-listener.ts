/**
 * The local broker's second listener, SASL_SSL, beside the PLAINTEXT one everything else uses: TLS
 * with a certificate the stack generates (its CA in `.stack/kafka/tls/ca.pem`), and two users, one
 * for SASL/PLAIN and one for SASL/SCRAM-SHA-512, with passwords generated once per state directory.
 * What a client needs to use it is written to `.stack/kafka/secured-listener.json` (the tests read
 * it there; its absence means the running broker has no such listener).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  Secret,
  type KafkaClientName,
  type KafkaConnection,
  type KafkaSaslMechanism,
} from '@contract-events/runtime/tools';
import type { StackConfig } from '../config/stack-config';
import { ensureBrokerCertificates } from '../toolchain/certificates';

/** How a client reaches the secured listener: the contents of `secured-listener.json`. */
export interface SecuredListener {
  protocol: 'SASL_SSL';
  brokers: string[];
  caFile: string;
  users: Record<'PLAIN' | 'SCRAM-SHA-512', { username: string; password: string }>;
}

/** What the broker needs besides: its keystore. */
interface SecuredListenerState extends SecuredListener {
  keystore: { file: string; password: string };
}

const LISTENER = 'SASL_SSL';
const SCRAM = 'SCRAM-SHA-512';

const kafkaHome = (cfg: StackConfig) => path.join(cfg.stateDir, 'kafka');
/** Where the listener's address, CA and users are written (mode 600). */
export const securedListenerFile = (cfg: StackConfig): string =>
  path.join(kafkaHome(cfg), 'secured-listener.json');

const password = () => randomBytes(18).toString('base64url');

function readState(cfg: StackConfig): SecuredListenerState | undefined {
  try {
    return JSON.parse(fs.readFileSync(securedListenerFile(cfg), 'utf8')) as SecuredListenerState;
  } catch {
    return undefined;
  }
}

/** The secured listener of the broker this stack started, or undefined when it has none. */
export function readSecuredListener(cfg: StackConfig): SecuredListener | undefined {
  const state = readState(cfg);
  if (!state) return undefined;
  const { protocol, brokers, caFile, users } = state;
  return { protocol, brokers, caFile, users };
}

/** The broker's current start has no secured listener (disabled, or not our broker): say so. */
export function forgetSecuredListener(cfg: StackConfig): void {
  fs.rmSync(securedListenerFile(cfg), { force: true });
}

/**
 * `properties` (a broker's server.properties) with the SASL_SSL listener added: appended to
 * `listeners`, `advertised.listeners` and `listener.security.protocol.map`, and its own settings
 * (`listener.name.sasl_ssl.*`) after. The PLAINTEXT listener and everything else stay as they were.
 */
export function withSecuredListener(
  properties: string,
  state: Pick<SecuredListenerState, 'users' | 'keystore'>,
  port: number,
): string {
  const append: Record<string, string> = {
    listeners: `${LISTENER}://127.0.0.1:${port}`,
    'advertised.listeners': `${LISTENER}://127.0.0.1:${port}`,
    'listener.security.protocol.map': `${LISTENER}:${LISTENER}`,
  };
  const lines = properties.split('\n').map((line) => {
    const eq = line.indexOf('=');
    const key = line.slice(0, eq);
    return eq > 0 && key in append ? `${line},${append[key]}` : line;
  });
  const missing = Object.keys(append).filter((key) => !lines.some((l) => l.startsWith(`${key}=`)));
  if (missing.length > 0)
    throw new Error(`server.properties has no ${missing.join(', ')} to add ${LISTENER} to`);

  // The generated passwords are base64url: nothing in them needs escaping in JAAS or a properties file.
  const plain = state.users.PLAIN;
  const prefix = `listener.name.${LISTENER.toLowerCase()}`;
  const extra = [
    `# ${LISTENER} on ${port}: TLS with the stack's CA, SASL/PLAIN and SASL/${SCRAM} users (secured-listener.json).`,
    `${prefix}.sasl.enabled.mechanisms=PLAIN,${SCRAM}`,
    `${prefix}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${plain.username}="${plain.password}";`,
    // SCRAM users are not listed here: their salted credentials live in the cluster's metadata.
    `${prefix}.${SCRAM.toLowerCase()}.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    `${prefix}.ssl.keystore.type=PKCS12`,
    `${prefix}.ssl.keystore.location=${state.keystore.file}`,
    `${prefix}.ssl.keystore.password=${state.keystore.password}`,
    '',
  ];
  return [...lines.filter((l, i) => l !== '' || i < lines.length - 1), ...extra].join('\n');
}

/** The SCRAM user as `kafka-storage format --add-scram` takes it: a fresh data directory gets it at once. */
function scramFormatArgs(state: SecuredListenerState): string[] {
  const user = state.users[SCRAM];
  return ['--add-scram', `${SCRAM}=[name=${user.username},password=${user.password}]`];
}

interface KafkaJava {
  bin: string;
  classpath: string;
  log4j: string;
}

/**
 * Gives the running broker the SCRAM user (again): Kafka's own ConfigCommand, through the PLAINTEXT
 * listener (kafkajs's admin cannot write SCRAM credentials). Needed for a data directory formatted
 * before the stack had this listener, and after a restart that did not bring the user back (seen
 * with Kafka 3.9.2: the credential records were in the metadata log, yet the restarted broker did
 * not know the user).
 */
function addScramUser(cfg: StackConfig, state: SecuredListenerState, java: KafkaJava): void {
  const user = state.users[SCRAM];
  // The password goes in a file (mode 600), not on the command line where `ps` would show it.
  const configFile = path.join(kafkaHome(cfg), 'scram-user.properties');
  fs.writeFileSync(configFile, `${SCRAM}=iterations=8192,password=${user.password}\n`, { mode: 0o600 });
  const res = spawnSync(
    java.bin,
    [
      `-Dlog4j.configuration=file:${java.log4j}`,
      '-cp',
      java.classpath,
      'kafka.admin.ConfigCommand',
      '--bootstrap-server',
      `127.0.0.1:${cfg.kafka.port}`,
      '--alter',
      '--entity-type',
      'users',
      '--entity-name',
      user.username,
      '--add-config-file',
      configFile,
    ],
    { encoding: 'utf8', timeout: cfg.startTimeoutMs },
  );
  fs.rmSync(configFile, { force: true });
  if (res.error || res.status !== 0) {
    const output = `${res.stderr ?? ''}${res.stdout ?? ''}`.replaceAll(user.password, '***').trim();
    throw new Error(`could not add the Kafka SCRAM user ${user.username}: ${output || res.error?.message}`);
  }
}

/** One start of the broker, with or without the secured listener: what startKafka does with it. */
export interface SecuredListenerStart {
  /** The broker's server.properties with the listener added (unchanged without it). */
  properties(base: string): string;
  /** Extra arguments for `kafka-storage format` of a fresh data directory: the SCRAM user. */
  formatArgs: string[];
  /**
   * Once the broker answers on PLAINTEXT: adds the SCRAM user if it cannot log in, then waits (with
   * `waitFor`) until both users log in on the listener.
   */
  ready(
    waitFor: (what: string, probe: () => Promise<unknown>) => Promise<void>,
    probe: (connection: KafkaConnection) => Promise<void>,
  ): Promise<void>;
}

/**
 * The secured listener for this start of the broker on `cfg.kafka.saslPort` (none when 0, or when the
 * stack starts several nodes): its
 * certificates and users, kept from an earlier start while still good, written to
 * `secured-listener.json` (mode 600: it holds the passwords).
 */
export function prepareSecuredListener(cfg: StackConfig, java: KafkaJava): SecuredListenerStart {
  // One node only: a cluster would need the listener, its certificate and its SCRAM user on every node.
  if (cfg.kafka.saslPort === 0 || cfg.kafka.nodes > 1) {
    forgetSecuredListener(cfg);
    return {
      properties: (base) => base,
      formatArgs: [],
      ready: async () => undefined,
    };
  }
  const previous = readState(cfg);
  const keytool = path.join(path.dirname(java.bin), 'keytool');
  const certs = ensureBrokerCertificates(path.join(kafkaHome(cfg), 'tls'), keytool);
  const state: SecuredListenerState = {
    protocol: LISTENER,
    brokers: [`127.0.0.1:${cfg.kafka.saslPort}`],
    caFile: certs.caFile,
    users: previous?.users ?? {
      PLAIN: { username: 'stack_plain', password: password() },
      [SCRAM]: { username: 'stack_scram', password: password() },
    },
    keystore: { file: certs.keystoreFile, password: certs.keystorePassword },
  };
  fs.writeFileSync(securedListenerFile(cfg), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  const listener = readSecuredListener(cfg)!;
  return {
    properties: (base) => withSecuredListener(base, state, cfg.kafka.saslPort),
    formatArgs: scramFormatArgs(state),
    async ready(waitFor, probe) {
      const connections = securedConnections(listener, cfg.kafka.client);
      // One try first: a login that works needs no JVM started for ConfigCommand.
      const scramLogsIn = await probe(connections[SCRAM]).then(
        () => true,
        () => false,
      );
      if (!scramLogsIn) addScramUser(cfg, state, java);
      await waitFor(`Kafka's ${LISTENER} listener (${listener.brokers.join(',')}, PLAIN and ${SCRAM})`, () =>
        Promise.all(Object.values(connections).map(probe)),
      );
    },
  };
}

/** The connections a client makes to the secured listener, one per SASL mechanism, on `client` (KAFKA_CLIENT). */
export function securedConnections(
  listener: SecuredListener,
  client: KafkaClientName = 'kafkajs',
): Record<'PLAIN' | 'SCRAM-SHA-512', KafkaConnection> {
  const pem = fs.readFileSync(listener.caFile, 'utf8');
  const connection = (mechanism: KafkaSaslMechanism & keyof SecuredListener['users']): KafkaConnection => ({
    brokers: listener.brokers,
    security: {
      protocol: listener.protocol,
      sasl: {
        mechanism,
        username: listener.users[mechanism].username,
        password: new Secret(listener.users[mechanism].password),
      },
      tls: { ca: { file: listener.caFile, pem }, rejectUnauthorized: true },
    },
    client,
  });
  return { PLAIN: connection('PLAIN'), [SCRAM]: connection(SCRAM) };
}
