// The server test tier (npm run test:server): a real control plane and kwok on
// loopback, started once for the whole run and always stopped at the end.
'use strict';
module.exports = {
  rootDir: '..',
  roots: ['<rootDir>/test-server'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '\\.ts$': '<rootDir>/scripts/jest-transform.js' },
  globalSetup: '<rootDir>/test-server/support/global-setup.ts',
  globalTeardown: '<rootDir>/test-server/support/global-teardown.ts',
  // One API server: test files run one after another, each in its own namespaces.
  maxWorkers: 1,
  testTimeout: 180000,
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
