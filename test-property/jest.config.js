// The deep property tier (npm run test:property): the parity property test of
// npm test on five times the samples, with another seed. CI runs it too.
'use strict';
module.exports = {
  rootDir: '..',
  roots: ['<rootDir>/test-property'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '\\.ts$': '<rootDir>/scripts/jest-transform.js' },
  testTimeout: 1200000,
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  maxWorkers: '100%',
};
