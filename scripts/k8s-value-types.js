#!/usr/bin/env node
// Writes lib/config/k8s-value-types.json: the Kubernetes types that values may
// hold whole (tolerations, affinity, env vars, volumes, containers, ...), taken
// from the vendored API definitions of the oldest supported version, and the
// Gateway API types of an HTTPRoute's parents and hostnames, from the vendored
// CRD; with only what validation needs (no descriptions or x-kubernetes-* hints).
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
const KEPT = new Set(['type', 'format', 'properties', 'required', 'items', 'additionalProperties', 'oneOf', '$ref', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'maxItems']);
const REF = '#/definitions/';

/** Gateway API types, from the HTTPRoute CRD vendored in schemas/gateway-api/ (its v1 schema names no types, so they are named here). */
function gatewayTypes() {
  const { crdDocument, GATEWAY_API_VERSION } = require('./gateway-api-schemas');
  const { crd } = crdDocument('gateway.networking.k8s.io', 'HTTPRoute');
  const spec = crd.spec.versions.find((v) => v.name === 'v1').schema.openAPIV3Schema.properties.spec.properties;
  return {
    version: GATEWAY_API_VERSION,
    types: { 'gateway.v1.ParentReference': spec.parentRefs.items, 'gateway.v1.Hostname': spec.hostnames.items },
  };
}

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
  const gateway = gatewayTypes();
  for (const [name, schema] of Object.entries(gateway.types)) out[name] = strip(schema);
  return { gatewayApi: gateway.version, types: Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]])) };
}

function main() {
  const args = process.argv.slice(2);
  const outFlag = args.indexOf('--out');
  const out = outFlag >= 0 ? path.resolve(args[outFlag + 1]) : path.resolve(__dirname, '..', 'lib', 'config', 'k8s-value-types.json');
  const { gatewayApi, types } = valueTypes(JSON.parse(readSchemaText(VERSION)).definitions);
  fs.writeFileSync(out, `${JSON.stringify({ version: VERSION, gatewayApi, definitions: types }, null, 1)}\n`);
  console.error(`k8s-value-types: wrote ${Object.keys(types).length} types of Kubernetes ${VERSION} and Gateway API ${gatewayApi} to ${path.relative(process.cwd(), out)}`);
}

main();
