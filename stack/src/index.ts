/** @contract-events/stack: the local stack for tests and tools (`npm run stack:*` are its CLIs). */
export { loadStackConfig, type StackConfig } from './config/stack-config';
export { stackDown, stackStatus, stackUp } from './stack';
// One component stopped and started again: the e2e tests of a broker outage.
export { kafkaNodeBroker, kafkaProcess, replicationDefaults, startKafka } from './components/kafka';
// The broker's SASL_SSL listener, for the tests that use it.
export {
  readSecuredListener,
  securedConnections,
  type SecuredListener,
} from './components/kafka-secured-listener';
export { killProcess, stopProcess, type ManagedProcess } from './process/managed-process';
// Kafka's own perf tools beside the broker's jars, for `npm run bench`.
export { ensureKafkaJars, ensureKafkaTools } from './toolchain/maven';
export { findJavas, pickJava, type JavaInstall } from './toolchain/prerequisites';
export { KAFKA_MIN_JAVA, KAFKA_VERSION } from './config/versions';
