#!/usr/bin/env node
// The todo-chatbot command line. bin/register.js strips the TypeScript types as the
// modules load (no type-check at run time; `npm run typecheck` does that).
'use strict';
require('./register');
const { removeTempFiles } = require('../lib/cli/tempfiles.ts');

// An interrupted command must not leave a secret file behind.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    removeTempFiles();
    process.exit(code);
  });
}

require('../lib/cli/main.ts').cli();
