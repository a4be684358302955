// The Gateway API CRDs vendored in schemas/gateway-api/ (the standard channel
// of sigs.k8s.io/gateway-api, gzipped): one reader for the type generator
// (scripts/import-gateway-api.js) and the tests' strict HTTPRoute validator.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const yaml = require('js-yaml');

const GATEWAY_API_VERSION = '1.6.3';
const SCHEMA_DIR = path.resolve(__dirname, '..', 'schemas', 'gateway-api');
const CRD_FILE = path.join(SCHEMA_DIR, `v${GATEWAY_API_VERSION}-standard-install.yaml.gz`);

/** The vendored CRDs as the original `---`-separated YAML text. */
function readCrdText() {
  if (!fs.existsSync(CRD_FILE)) {
    throw new Error(`no vendored Gateway API CRDs: ${path.relative(process.cwd(), CRD_FILE)} is missing`);
  }
  return zlib.gunzipSync(fs.readFileSync(CRD_FILE)).toString('utf-8');
}

/**
 * One CRD of the vendored set, by API group and kind: its YAML text exactly as
 * vendored (for cdk8s import) and its parsed form (for the validator).
 */
function crdDocument(group, kind) {
  // The file is built by joining whole files with `---` lines, so splitting on
  // those lines gives back each document's text unchanged.
  for (const text of readCrdText().split(/^---\n/m)) {
    const crd = yaml.load(text);
    if (crd?.kind === 'CustomResourceDefinition' && crd.spec?.group === group && crd.spec?.names?.kind === kind) {
      return { text, crd };
    }
  }
  throw new Error(`no CustomResourceDefinition for ${group} ${kind} in ${path.basename(CRD_FILE)}`);
}

module.exports = { GATEWAY_API_VERSION, SCHEMA_DIR, CRD_FILE, readCrdText, crdDocument };
