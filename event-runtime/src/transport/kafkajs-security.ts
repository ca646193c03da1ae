/** The runtime's Kafka security settings as kafkajs's client options. */
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaSaslMechanism, KafkaSecurity } from '../config/kafka-security';

const KAFKAJS_MECHANISM = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
} as const satisfies Record<KafkaSaslMechanism, string>;

/**
 * `ssl` for SSL and SASL_SSL (the CA to trust, if one was given), `sasl` for the SASL_* protocols.
 * The one place the password is revealed: kafkajs sends it (PLAIN) or proves it (SCRAM).
 */
export function kafkajsSecurityOptions(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.tls) {
    options.ssl = {
      rejectUnauthorized: security.tls.rejectUnauthorized,
      ...(security.tls.ca ? { ca: [security.tls.ca.pem] } : {}),
    };
  }
  if (security.sasl) {
    options.sasl = {
      mechanism: KAFKAJS_MECHANISM[security.sasl.mechanism],
      username: security.sasl.username,
      password: security.sasl.password.reveal(),
    } as SASLOptions;
  }
  return options;
}
