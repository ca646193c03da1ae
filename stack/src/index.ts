/** @contract-events/stack: the local stack for tests and tools (`npm run stack:*` are its CLIs). */
export { loadStackConfig, type StackConfig } from './config/stack-config';
export { stackDown, stackStatus, stackUp } from './stack';
