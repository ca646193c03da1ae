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
