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

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/test/unit/**/*.test.ts'] },
    // Against real servers a hook or test may wait seconds on a shared, busy machine (load 15 on 2
    // cores seen here): jest's 5 s default made correct tests fail. Long tests still set their own.
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/test/integration/**/*.test.ts'],
      testTimeout: 60_000,
      slowTestThreshold: 30,
    },
    { ...common, displayName: 'e2e', testMatch: ['**/test/e2e/**/*.test.ts'], testTimeout: 60_000 },
    // Faults injected into the running system (processes killed, the broker killed): `npm run test:faults`.
    { ...common, displayName: 'faults', testMatch: ['**/test/faults/**/*.test.ts'], testTimeout: 60_000 },
  ],
};
