// The Kubernetes API definitions vendored in schemas/k8s/ (gzipped JSON
// Schema, as `cdk8s import k8s@X` downloads it): one reader for the type
// generator (npm run import) and the tests' strict validator.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SCHEMA_DIR = path.resolve(__dirname, '..', 'schemas', 'k8s');

/** The Kubernetes versions vendored, oldest first. */
function vendoredVersions() {
  return fs
    .readdirSync(SCHEMA_DIR)
    .map((f) => /^v(\d+\.\d+\.\d+)-definitions\.json\.gz$/.exec(f))
    .filter(Boolean)
    .map((m) => m[1])
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Path of the gzipped definitions of one version. */
function schemaFile(version) {
  return path.join(SCHEMA_DIR, `v${version}-definitions.json.gz`);
}

/** The definitions file of one version, as the original JSON text. */
function readSchemaText(version) {
  const file = schemaFile(version);
  if (!fs.existsSync(file)) {
    throw new Error(`no vendored Kubernetes ${version} definitions: ${path.relative(process.cwd(), file)} is missing (vendored: ${vendoredVersions().join(', ')})`);
  }
  return zlib.gunzipSync(fs.readFileSync(file)).toString('utf-8');
}

module.exports = { SCHEMA_DIR, vendoredVersions, schemaFile, readSchemaText };
