// Strict validation of Kubernetes objects against the published API definitions
// vendored in schemas/k8s/, in the manner of `kubeconform -strict`: every object schema
// that lists `properties` also forbids any other property, so a misspelt field fails.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { closeObjects, describe, show, strictAjv } from './strict-ajv';
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
  const ajv = strictAjv();
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
