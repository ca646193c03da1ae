// Tiers you can run apart: `jest --selectProjects unit|integration|e2e|faults`.
// Integration and e2e tests need the local stack (npm test starts it).
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023' } }],
  // ES-module-only packages (KAFKA_CLIENT=platformatic; the OpenAPI validator the tests use): see
  // test/support/esm-package-transform.js.
  '/node_modules/(@platformatic|@seriousme)/.+\\.js$': '<rootDir>/test/support/esm-package-transform.js',
};
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@platformatic/|@seriousme/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/stack/.cache/'],
};

/** A 60 s default timeout for tests against real servers (see the file for why it is not `testTimeout`). */
const realServerSetup = ['<rootDir>/test/support/jest-timeout.ts'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/test/integration/**/*.test.ts'],
      setupFilesAfterEnv: realServerSetup,
      slowTestThreshold: 30,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['**/test/e2e/**/*.test.ts'],
      setupFilesAfterEnv: realServerSetup,
    },
    // Faults injected into the running system (processes killed, the broker killed): `npm run test:faults`.
    {
      ...common,
      displayName: 'faults',
      testMatch: ['**/test/faults/**/*.test.ts'],
      setupFilesAfterEnv: realServerSetup,
    },
  ],
};
