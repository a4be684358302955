#!/usr/bin/env node
// The static checks before the tests: the type check and the linter, side by
// side (each mostly uses one core), each printing its own output when done.
// Fails when either fails.
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const bin = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
const CHECKS = [
  ['typecheck', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.json']],
  ['lint', [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.']],
];

const runs = CHECKS.map(
  ([name, args]) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, args, { cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => {
        process.stdout.write(out);
        if (code !== 0) console.error(`${name}: failed (exit ${code})`);
        resolve(code === 0);
      });
    }),
);
Promise.all(runs).then((ok) => process.exit(ok.every(Boolean) ? 0 : 1));
