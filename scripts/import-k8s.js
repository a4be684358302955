#!/usr/bin/env node
// Regenerates imports/k8s.ts offline with cdk8s-cli's own generator, from the
// schema kept in ../shared/k8s-schemas (the file `cdk8s import k8s@X` would download).
'use strict';
const fs = require('fs');
const path = require('path');

const version = process.argv[2] || '1.28.0';
const root = path.resolve(__dirname, '..');
const schemaFile = path.resolve(root, '..', 'shared', 'k8s-schemas', `v${version}-definitions.json`);
if (!fs.existsSync(schemaFile)) {
  console.error(`import: schema not found: ${schemaFile} (expected the Kubernetes ${version} definitions there)`);
  process.exit(1);
}

// The package's "exports" map hides these modules; load them by file path.
const cli = path.dirname(require.resolve('cdk8s-cli/package.json'));
const util = require(path.join(cli, 'lib', 'util.js'));
const { ImportKubernetesApi } = require(path.join(cli, 'lib', 'import', 'k8s.js'));
const { Language } = require(path.join(cli, 'lib', 'import', 'base.js'));

// The generator fetches through util.download; answer from the local file instead.
util.download = async () => fs.readFileSync(schemaFile, 'utf-8');

new ImportKubernetesApi({ apiVersion: version })
  .import({ outdir: path.join(root, 'imports'), targetLanguage: Language.TYPESCRIPT })
  .then(() => console.error(`import: wrote imports/k8s.ts for Kubernetes ${version}`))
  .catch((err) => {
    console.error(`import: ${err.message}`);
    process.exit(1);
  });
