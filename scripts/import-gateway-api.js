#!/usr/bin/env node
// Regenerates imports/gateway.networking.k8s.io.ts offline with cdk8s-cli's own
// CRD importer (what `cdk8s import httproutes.yaml` runs), from the HTTPRoute CRD
// in the Gateway API CRDs vendored in schemas/gateway-api/.
'use strict';
const path = require('path');
const { crdDocument } = require('./gateway-api-schemas');

const GROUP = 'gateway.networking.k8s.io';
const KIND = 'HTTPRoute';

// usage: import-gateway-api.js [--outdir DIR]   (default imports/)
const args = process.argv.slice(2);
const outFlag = args.indexOf('--outdir');
const root = path.resolve(__dirname, '..');
const outdir = outFlag >= 0 ? path.resolve(args.splice(outFlag, 2)[1] || '.') : path.join(root, 'imports');
if (args.length > 0) {
  console.error(`import: unexpected argument "${args[0]}" (usage: import-gateway-api.js [--outdir DIR])`);
  process.exit(1);
}
let crdText;
try {
  // Only HTTPRoute: the importer writes every CRD of a group into one file.
  crdText = crdDocument(GROUP, KIND).text;
} catch (err) {
  console.error(`import: ${err.message}`);
  process.exit(1);
}

// The package's "exports" map hides these modules; load them by file path.
const cli = path.dirname(require.resolve('cdk8s-cli/package.json'));
const util = require(path.join(cli, 'lib', 'util.js'));
const { ImportCustomResourceDefinition } = require(path.join(cli, 'lib', 'import', 'crd.js'));
const { Language } = require(path.join(cli, 'lib', 'import', 'base.js'));

// The importer reads its source through util.download; answer from the vendored text.
util.download = async () => crdText;
// It also logs each module and CRD it writes on stdout; keep stdout quiet.
const log = console.log;
console.log = () => {};

ImportCustomResourceDefinition.fromSpec({ source: `${GROUP}_httproutes.yaml` })
  .then((importer) => importer.import({ outdir, targetLanguage: Language.TYPESCRIPT }))
  .then(() => {
    console.log = log;
    console.error(`import: wrote ${path.relative(process.cwd(), path.join(outdir, `${GROUP}.ts`))} for ${KIND}`);
  })
  .catch((err) => {
    console.error(`import: ${err.message.split('\n')[0]}`);
    process.exit(1);
  });
