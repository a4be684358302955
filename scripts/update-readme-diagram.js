#!/usr/bin/env node
// npm run docs: rewrites the architecture diagram in README.md (between the
// architecture markers) from the constructs, through the chart packager.
'use strict';
const fs = require('fs');
const path = require('path');
require('../bin/register');
const { diagramIn, generatedDiagram, withDiagram } = require('../lib/readme-diagram.ts');

const root = path.resolve(__dirname, '..');
const file = path.join(root, 'README.md');
try {
  const readme = fs.readFileSync(file, 'utf-8');
  const block = generatedDiagram(root);
  if (diagramIn(readme) === block) {
    console.log('README.md: the architecture diagram is up to date');
  } else {
    fs.writeFileSync(file, withDiagram(readme, block));
    console.log('README.md: architecture diagram updated');
  }
} catch (e) {
  process.stderr.write(`error: ${e.message}\n`);
  process.exitCode = 1;
}
