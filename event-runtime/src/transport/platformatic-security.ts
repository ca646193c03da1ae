/** The runtime's Kafka security settings as @platformatic/kafka's connection options. */
import type { ConnectionOptions } from '@platformatic/kafka';
import type { KafkaSecurity } from '../config/kafka-security';

/**
 * `tls` for SSL and SASL_SSL (the CA to trust, if one was given), `sasl` for the SASL_* protocols;
 * the mechanism names are Kafka's own in both. The one place the password is revealed for this client.
 */
export function platformaticSecurityOptions(
  security: KafkaSecurity,
): Pick<ConnectionOptions, 'tls' | 'sasl'> {
  const options: Pick<ConnectionOptions, 'tls' | 'sasl'> = {};
  if (security.tls) {
    options.tls = {
      rejectUnauthorized: security.tls.rejectUnauthorized,
      ...(security.tls.ca ? { ca: [security.tls.ca.pem] } : {}),
    };
  }
  if (security.sasl) {
    options.sasl = {
      mechanism: security.sasl.mechanism,
      username: security.sasl.username,
      password: security.sasl.password.reveal(),
    };
  }
  return options;
}
