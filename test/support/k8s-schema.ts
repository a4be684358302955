// Strict validation of Kubernetes objects against the published API definitions
// vendored in schemas/k8s/, in the manner of `kubeconform -strict`: every object schema
// that lists `properties` also forbids any other property, so a misspelt field fails.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { readSchemaText } from '../../scripts/k8s-schemas';
import { HTTP_ROUTE_API_VERSION, HTTP_ROUTE_KIND, validateHttpRoute } from './gateway-api-schema';

export type K8sVersion = '1.28.0' | '1.34.0';
export const K8S_VERSIONS: K8sVersion[] = ['1.28.0', '1.34.0'];

const ROOT_ID = 'k8s-definitions';

interface VersionState {
  ajv: Ajv;
  /** "group/version/kind" -> definition name */
  gvk: Map<string, string>;
  compiled: Map<string, ValidateFunction>;
}

const states = new Map<K8sVersion, VersionState>();

// Recursively closes every object schema that lists properties. Only schema-valued
// keywords are walked, so vendor extensions (x-kubernetes-*) are left alone.
function closeObjects(schema: any): void {
  if (!schema || typeof schema !== 'object') return;
  if (schema.properties && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const sub of Object.values(schema.properties ?? {})) closeObjects(sub);
  if (schema.items) closeObjects(schema.items);
  if (typeof schema.additionalProperties === 'object') closeObjects(schema.additionalProperties);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    for (const sub of schema[key] ?? []) closeObjects(sub);
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function state(version: K8sVersion): VersionState {
  let s = states.get(version);
  if (s) return s;
  // Each version gets its own parse of the file and its own Ajv instance, so the
  // in-place closing of schemas never leaks from one version into the other.
  const definitions = JSON.parse(readSchemaText(version)).definitions as Record<string, any>;
  const gvk = new Map<string, string>();
  for (const [name, def] of Object.entries(definitions)) {
    closeObjects(def);
    for (const g of def['x-kubernetes-group-version-kind'] ?? []) {
      gvk.set(`${g.group}/${g.version}/${g.kind}`, name);
    }
  }
  const ajv = new Ajv({
    strict: false, // the definitions carry x-kubernetes-* and other non-standard keywords
    allErrors: true,
    verbose: true,
    validateSchema: false,
    logger: false,
    formats: {
      int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
      int64: { type: 'number', validate: (n: number) => Number.isSafeInteger(n) },
      double: true,
      // the API server decodes []byte with encoding/base64, which skips line breaks
      byte: { type: 'string', validate: (v: string) => BASE64.test(v.replace(/[\r\n]/g, '')) },
      'date-time': RFC3339,
    },
  });
  ajv.addSchema({ $id: ROOT_ID, definitions });
  s = { ajv, gvk, compiled: new Map() };
  states.set(version, s);
  return s;
}

function validatorFor(s: VersionState, definition: string): ValidateFunction {
  let fn = s.compiled.get(definition);
  if (!fn) {
    fn = s.ajv.compile({ $ref: `${ROOT_ID}#/definitions/${definition}` });
    s.compiled.set(definition, fn);
  }
  return fn;
}

function label(obj: any): string {
  const kind = typeof obj?.kind === 'string' ? obj.kind : '<no kind>';
  const name = obj?.metadata?.name ?? obj?.metadata?.generateName ?? '<unnamed>';
  return `${kind}/${name}`;
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
    case 'oneOf': {
      const types = (Array.isArray(e.schema) ? e.schema : []).map((b: any) => b?.type).filter(Boolean);
      return types.length
        ? `${at}: must be ${types.join(' or ')} (got ${show(e.data)})`
        : `${at}: ${e.message}`;
    }
    default:
      return `${at}: ${e.message}`;
  }
}

// A failing oneOf also reports each failed branch; keep only the oneOf summary.
function withoutOneOfBranches(errors: ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  return errors.filter(
    (e) =>
      e.keyword === 'oneOf' ||
      !oneOfs.some(
        (o) =>
          e.schemaPath.startsWith(`${o.schemaPath}/`) &&
          (e.instancePath === o.instancePath || e.instancePath.startsWith(`${o.instancePath}/`)),
      ),
  );
}

function groupVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

export function validateObject(obj: any, version: K8sVersion): string[] {
  const who = label(obj);
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return [`${who}: not an object (got ${show(obj)})`];
  }
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return [`${who}: apiVersion and kind must both be strings`];
  }
  // A custom resource: its CRD's schema (the Gateway API CRDs are installed separately, like any controller's).
  if (obj.apiVersion === HTTP_ROUTE_API_VERSION && obj.kind === HTTP_ROUTE_KIND) return validateHttpRoute(obj);
  const s = state(version);
  const [group, ver] = groupVersion(obj.apiVersion);
  const definition = s.gvk.get(`${group}/${ver}/${obj.kind}`);
  if (!definition) {
    return [`${who}: unknown apiVersion/kind "${obj.apiVersion}" ${obj.kind} in Kubernetes ${version}`];
  }
  const validate = validatorFor(s, definition);
  if (validate(obj)) return [];
  const messages = withoutOneOfBranches(validate.errors ?? []).map((e) => `${who}: ${describe(e)}`);
  return [...new Set(messages)];
}

export function validateObjects(objs: any[], version: K8sVersion): string[] {
  return objs.flatMap((o) => validateObject(o, version));
}
