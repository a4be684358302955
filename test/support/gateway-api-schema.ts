// Strict validation of Gateway API HTTPRoute objects against the v1 schema of the
// HTTPRoute CRD vendored in schemas/gateway-api/, in the manner of `kubeconform -strict`:
// every object schema that lists `properties` also forbids any other property.
//
// Not checked: the CRD's x-kubernetes-validations (CEL rules, such as "a path
// value must start with /" or cross-field rules) need a CEL evaluator, which
// ajv is not; the API server still applies them. The CRD describes metadata only
// as `type: object`, so only metadata.name is checked here.
import { ValidateFunction } from 'ajv';
import { closeObjects, describe, show, strictAjv } from './strict-ajv';
import { crdDocument } from '../../scripts/gateway-api-schemas';

export const HTTP_ROUTE_API_VERSION = 'gateway.networking.k8s.io/v1';
export const HTTP_ROUTE_KIND = 'HTTPRoute';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const { crd } = crdDocument('gateway.networking.k8s.io', HTTP_ROUTE_KIND);
  const version = crd.spec.versions.find((v: any) => v.name === 'v1');
  const schema = version.schema.openAPIV3Schema;
  closeObjects(schema);
  const ajv = strictAjv();
  compiled = ajv.compile(schema);
  return compiled;
}

/** Problems with one HTTPRoute object, each naming its JSON path; empty when it is valid. */
export function validateHttpRoute(obj: unknown): string[] {
  const o = obj as any;
  const who = `${typeof o?.kind === 'string' ? o.kind : '<no kind>'}/${o?.metadata?.name ?? '<unnamed>'}`;
  if (!o || typeof o !== 'object' || Array.isArray(o)) {
    return [`${who}: not an object (got ${show(obj)})`];
  }
  // Another apiVersion or kind has another schema (or none): stop here.
  const wrongType: string[] = [];
  if (o.apiVersion !== HTTP_ROUTE_API_VERSION) wrongType.push(`${who}: /apiVersion: must be "${HTTP_ROUTE_API_VERSION}" (got ${show(o.apiVersion)})`);
  if (o.kind !== HTTP_ROUTE_KIND) wrongType.push(`${who}: /kind: must be "${HTTP_ROUTE_KIND}" (got ${show(o.kind)})`);
  if (wrongType.length) return wrongType;
  const messages: string[] = [];
  if (!o.metadata || typeof o.metadata !== 'object' || typeof o.metadata.name !== 'string' || o.metadata.name === '') {
    messages.push(`${who}: /metadata/name: must be a non-empty string (got ${show(o.metadata?.name)})`);
  }
  const validate = validator();
  if (!validate(o)) messages.push(...(validate.errors ?? []).map((e) => `${who}: ${describe(e)}`));
  return [...new Set(messages)];
}
