#!/usr/bin/env node
// Writes lib/config/k8s-value-types.json: the Kubernetes types that values may
// hold whole (tolerations, affinity, env vars, volumes, containers, ...), taken
// from the vendored API definitions of the oldest supported version, with only
// what validation needs (no descriptions or x-kubernetes-* hints).
'use strict';
const fs = require('fs');
const path = require('path');
const { readSchemaText } = require('./k8s-schemas');

/** The oldest Kubernetes the chart supports: a value valid here is valid on every newer version. */
const VERSION = '1.28.0';
const ROOTS = [
  ...['Affinity', 'Container', 'EnvVar', 'Probe', 'Toleration', 'TopologySpreadConstraint', 'Volume', 'VolumeMount'].map((n) => `io.k8s.api.core.v1.${n}`),
  ...['HTTPIngressPath', 'NetworkPolicyEgressRule', 'NetworkPolicyIngressRule'].map((n) => `io.k8s.api.networking.v1.${n}`),
];
const KEPT = new Set(['type', 'format', 'properties', 'required', 'items', 'additionalProperties', 'oneOf', '$ref']);
const REF = '#/definitions/';

function valueTypes(definitions) {
  const out = {};
  const visit = (name) => {
    if (name in out) return;
    if (!definitions[name]) throw new Error(`no definition ${name} in Kubernetes ${VERSION}`);
    out[name] = null;
    out[name] = strip(definitions[name]);
  };
  const strip = (schema) => {
    if (Array.isArray(schema)) return schema.map(strip);
    if (schema === null || typeof schema !== 'object') return schema;
    const kept = {};
    for (const [key, value] of Object.entries(schema)) {
      if (!KEPT.has(key)) continue;
      if (key === '$ref') {
        const name = value.slice(REF.length);
        visit(name);
        kept.$ref = name;
      } else if (key === 'properties') {
        kept.properties = Object.fromEntries(Object.entries(value).map(([p, s]) => [p, strip(s)]));
      } else {
        kept[key] = strip(value);
      }
    }
    return kept;
  };
  for (const root of ROOTS) visit(root);
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

function main() {
  const args = process.argv.slice(2);
  const outFlag = args.indexOf('--out');
  const out = outFlag >= 0 ? path.resolve(args[outFlag + 1]) : path.resolve(__dirname, '..', 'lib', 'config', 'k8s-value-types.json');
  const types = valueTypes(JSON.parse(readSchemaText(VERSION)).definitions);
  fs.writeFileSync(out, `${JSON.stringify({ version: VERSION, definitions: types }, null, 1)}\n`);
  console.error(`k8s-value-types: wrote ${Object.keys(types).length} types of Kubernetes ${VERSION} to ${path.relative(process.cwd(), out)}`);
}

main();
