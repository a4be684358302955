#!/usr/bin/env node
// Regenerates imports/k8s.ts offline with cdk8s-cli's own generator, from the
// definitions vendored in schemas/k8s/ (the file `cdk8s import k8s@X` would download).
'use strict';
const path = require('path');
const { readSchemaText } = require('./k8s-schemas');

// usage: import-k8s.js [VERSION] [--outdir DIR]   (default 1.28.0 into imports/)
const args = process.argv.slice(2);
const outFlag = args.indexOf('--outdir');
const root = path.resolve(__dirname, '..');
const outdir = outFlag >= 0 ? path.resolve(args.splice(outFlag, 2)[1] || '.') : path.join(root, 'imports');
const version = args[0] || '1.28.0';
let schemaText;
try {
  schemaText = readSchemaText(version);
} catch (err) {
  console.error(`import: ${err.message}`);
  process.exit(1);
}

// The package's "exports" map hides these modules; load them by file path.
const cli = path.dirname(require.resolve('cdk8s-cli/package.json'));
const util = require(path.join(cli, 'lib', 'util.js'));
const { ImportKubernetesApi } = require(path.join(cli, 'lib', 'import', 'k8s.js'));
const { Language } = require(path.join(cli, 'lib', 'import', 'base.js'));

// The generator fetches through util.download; answer from the local file instead.
util.download = async () => schemaText;

new ImportKubernetesApi({ apiVersion: version })
  .import({ outdir, targetLanguage: Language.TYPESCRIPT })
  .then(() => console.error(`import: wrote ${path.relative(process.cwd(), path.join(outdir, 'k8s.ts'))} for Kubernetes ${version}`))
  .catch((err) => {
    console.error(`import: ${err.message}`);
    process.exit(1);
  });
