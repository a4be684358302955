// The deep property tier (npm run test:property): the parity property test of
// npm test on five times the samples, with another seed, under npm test's own
// jest settings. CI runs it too.
'use strict';
const { jest } = require('../package.json');

module.exports = { ...jest, rootDir: '..', roots: ['<rootDir>/test-property'], testTimeout: 1200000 };
