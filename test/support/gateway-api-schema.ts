// Strict validation of Gateway API HTTPRoute objects against the v1 schema of the
// HTTPRoute CRD vendored in schemas/gateway-api/, in the manner of `kubeconform -strict`:
// every object schema that lists `properties` also forbids any other property.
//
// Not checked: the CRD's x-kubernetes-validations (CEL rules, such as "a path
// value must start with /" or cross-field rules) need a CEL evaluator, which
// ajv is not; the API server still applies them. The CRD describes metadata only
// as `type: object`, so only metadata.name is checked here.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { crdDocument } from '../../scripts/gateway-api-schemas';

export const HTTP_ROUTE_API_VERSION = 'gateway.networking.k8s.io/v1';
export const HTTP_ROUTE_KIND = 'HTTPRoute';

// Recursively closes every object schema that lists properties. The HTTPRoute
// schema uses no oneOf/anyOf/allOf, so properties and items are all there is to walk.
function closeObjects(schema: any): void {
  if (!schema || typeof schema !== 'object') return;
  if (schema.properties && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const sub of Object.values(schema.properties ?? {})) closeObjects(sub);
  if (schema.items) closeObjects(schema.items);
  if (typeof schema.additionalProperties === 'object') closeObjects(schema.additionalProperties);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const { crd } = crdDocument('gateway.networking.k8s.io', HTTP_ROUTE_KIND);
  const version = crd.spec.versions.find((v: any) => v.name === 'v1');
  const schema = version.schema.openAPIV3Schema;
  closeObjects(schema);
  const ajv = new Ajv({
    strict: false, // the schema carries x-kubernetes-* keywords
    allErrors: true,
    verbose: true,
    validateSchema: false,
    logger: false,
    formats: {
      int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
      int64: { type: 'number', validate: (n: number) => Number.isSafeInteger(n) },
      'date-time': RFC3339,
    },
  });
  compiled = ajv.compile(schema);
  return compiled;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(e.params.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1');
      return `${e.instancePath}/${prop}: unknown field`;
    }
    case 'required':
      return `${at}: missing required field "${e.params.missingProperty}"`;
    case 'type':
      return `${at}: must be ${e.params.type} (got ${show(e.data)})`;
    case 'enum':
      return `${at}: must be one of ${(e.params.allowedValues as unknown[]).map(show).join(', ')} (got ${show(e.data)})`;
    case 'format':
      return `${at}: must match format "${e.params.format}" (got ${show(e.data)})`;
    default:
      return `${at}: ${e.message}`;
  }
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
