/**
 * Kubernetes types that values hold whole (tolerations, affinity, env vars,
 * volumes, containers), as zod schemas built from the vendored API
 * definitions (lib/config/k8s-value-types.json, written by
 * scripts/k8s-value-types.js). Objects are closed like `kubeconform -strict`,
 * so a misspelt field is refused by synth and, through values.schema.json,
 * by Helm, before anything reaches the cluster. What the API server checks
 * beyond the types (enums, cross-field rules) it still checks on apply.
 */
import { z } from 'zod';
import { boundedString, dnsLabel, envName, quantity } from './fields';

interface Definition {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: Record<string, Definition>;
  readonly required?: readonly string[];
  readonly items?: Definition;
  readonly additionalProperties?: Definition | boolean;
  readonly oneOf?: readonly Definition[];
  readonly $ref?: string;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxItems?: number;
}

/** The Kubernetes types values hold whole, by their short name. */
const TYPES = {
  Affinity: 'io.k8s.api.core.v1.Affinity',
  Container: 'io.k8s.api.core.v1.Container',
  EnvVar: 'io.k8s.api.core.v1.EnvVar',
  HTTPIngressPath: 'io.k8s.api.networking.v1.HTTPIngressPath',
  NetworkPolicyEgressRule: 'io.k8s.api.networking.v1.NetworkPolicyEgressRule',
  NetworkPolicyIngressRule: 'io.k8s.api.networking.v1.NetworkPolicyIngressRule',
  Probe: 'io.k8s.api.core.v1.Probe',
  Toleration: 'io.k8s.api.core.v1.Toleration',
  TopologySpreadConstraint: 'io.k8s.api.core.v1.TopologySpreadConstraint',
  Volume: 'io.k8s.api.core.v1.Volume',
  VolumeMount: 'io.k8s.api.core.v1.VolumeMount',
  GatewayParentReference: 'gateway.v1.ParentReference',
  GatewayHostname: 'gateway.v1.Hostname',
} as const;
export type K8sTypeName = keyof typeof TYPES;

let definitions: Record<string, Definition> | undefined;
function definition(name: string): Definition {
  // Read on first use: most configurations never reach a nested type.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  definitions ??= (require('./k8s-value-types.json') as { definitions: Record<string, Definition> }).definitions;
  const d = definitions[name];
  if (!d) throw new Error(`no Kubernetes type ${name} in lib/config/k8s-value-types.json (add it to scripts/k8s-value-types.js)`);
  return d;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** Special cases whose definition says less than Kubernetes accepts or than we check. */
const SPECIAL: Record<string, () => z.ZodType> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': () => quantity('A Kubernetes quantity.', '100m or 1Gi'),
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': () =>
    z.union([z.int().min(INT32.min).max(INT32.max), z.string()], { error: 'must be a whole number or a string (a port number or name)' }),
};

/** An IANA service name, as IsValidPortName takes it (the 15-character limit apart): no "--", a letter somewhere, "-" only inside. */
const PORT_NAME = '^([0-9]+(-[0-9]+)*-?)?[a-z](-?[a-z0-9])*$';

/** Volume sources Pod Security "restricted" allows. */
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const refused = (message: string) => () => z.never({ error: message });
/** A field the definition leaves optional that must be set. */
const REQUIRED = Symbol('required');
const required = (schema: z.ZodType) => Object.assign(() => schema, { [REQUIRED]: true });

/** Fields checked more closely than their definition does, or refused, by type and field. */
function fieldsOf(name: string, d: Definition): Record<string, () => z.ZodType> {
  switch (name) {
    case 'io.k8s.api.core.v1.EnvVar':
      // Names Kubernetes before 1.32 takes (the chart supports 1.28); a variable with another name is refused on apply.
      return { name: () => envName('Name of the variable.') };
    case 'io.k8s.api.core.v1.Volume': {
      const message = `is not allowed: Pod Security "restricted" allows only ${RESTRICTED_VOLUMES.join(', ')} volumes`;
      return {
        ...Object.fromEntries(Object.keys(d.properties ?? {}).filter((k) => k !== 'name' && !RESTRICTED_VOLUMES.includes(k)).map((k) => [k, refused(message)])),
        // The definition says string; the API server wants a DNS label.
        name: () => dnsLabel('Name of the volume.'),
      };
    }
    case 'io.k8s.api.core.v1.Container':
      return {
        name: () => dnsLabel('Name of the container.'),
        securityContext: refused("is set by the chart: every container of a pod gets the component's containerSecurityContext (Pod Security \"restricted\")"),
        // Optional in the type, which also describes ephemeral containers; a pod's containers need one.
        image: required(z.string().min(1, { error: 'must not be empty: the image the container runs' })),
      };
    case 'io.k8s.api.core.v1.ContainerPort':
      return {
        hostPort: refused('is not allowed: Pod Security "baseline" and "restricted" forbid host ports'),
        name: () =>
          z
            .string()
            .max(15, { error: 'must be at most 15 characters' })
            .regex(new RegExp(PORT_NAME), { error: 'must be a port name: lower-case letters, digits and single "-" between them, with at least one letter (e.g. http, metrics)' }),
      };
    default:
      return {};
  }
}

const named = new Map<string, z.ZodType>();

/** One shared schema per definition, so values.schema.json holds each once, under its short name. */
function reference(name: string): z.ZodType {
  let s = named.get(name);
  if (!s) {
    const id = `${name.startsWith('gateway.') ? 'gateway' : 'k8s'}.${name.slice(name.lastIndexOf('.') + 1)}`;
    s = z.lazy(() => (SPECIAL[name] ?? (() => buildNamed(name)))()).meta({ id });
    named.set(name, s);
  }
  return s;
}

/** A named definition with its own fields in place. */
function buildNamed(name: string): z.ZodType {
  const d = definition(name);
  return build(d, fieldsOf(name, d));
}

function build(d: Definition, fields: Record<string, () => z.ZodType> = {}): z.ZodType {
  if (d.$ref) return reference(d.$ref);
  if (d.oneOf) return z.union(d.oneOf.map((o) => build(o)) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  switch (d.type) {
    case 'string': {
      if (d.enum) return z.enum(d.enum as [string, ...string[]]);
      const tooLong = `must be at most ${d.maxLength} characters`;
      // Patterned strings are ASCII; others are counted in code points, as Helm's validator counts them.
      let s = d.maxLength !== undefined && !d.pattern ? boundedString(d.maxLength, tooLong) : z.string();
      if (d.pattern) s = s.regex(new RegExp(d.pattern), { error: `must match ${d.pattern}` });
      if (d.minLength !== undefined) s = s.min(d.minLength, { error: `must be at least ${d.minLength} characters` });
      if (d.maxLength !== undefined && d.pattern) s = s.max(d.maxLength, { error: tooLong });
      return s;
    }
    case 'boolean':
      return z.boolean();
    case 'number':
      return z.number();
    case 'integer': {
      const [min, max] = [d.minimum ?? (d.format === 'int32' ? INT32.min : undefined), d.maximum ?? (d.format === 'int32' ? INT32.max : undefined)];
      let n = z.int();
      if (min !== undefined) n = n.min(min);
      if (max !== undefined) n = n.max(max);
      return n;
    }
    case 'array': {
      const a = z.array(build(d.items ?? {}));
      return d.maxItems !== undefined ? a.max(d.maxItems, { error: `must have at most ${d.maxItems} items` }) : a;
    }
    case 'object': {
      if (d.properties) {
        const mustHave = new Set([...(d.required ?? []), ...Object.keys(fields).filter((k) => (fields[k] as { [REQUIRED]?: boolean })[REQUIRED])]);
        const field = (k: string, p: Definition) => (Object.hasOwn(fields, k) ? fields[k]() : build(p));
        const shape = Object.fromEntries(Object.entries(d.properties).map(([k, p]) => [k, mustHave.has(k) ? field(k, p) : field(k, p).optional()]));
        return z.strictObject(shape);
      }
      return z.record(z.string(), typeof d.additionalProperties === 'object' ? build(d.additionalProperties) : z.unknown());
    }
    default:
      throw new Error(`Kubernetes type without a known JSON type: ${JSON.stringify(d)}`);
  }
}

/** A list of a Kubernetes type, e.g. `k8sList('Toleration')`: the item type is shared, so values.schema.json holds it once. */
export function k8sList(name: K8sTypeName): z.ZodArray<z.ZodType> {
  return z.array(reference(TYPES[name]));
}

/** A value of a Kubernetes type, e.g. `k8sType('Affinity')`: its own fields in place (so its schema says "object"), nested types shared. */
export function k8sType(name: K8sTypeName): z.ZodType {
  return buildNamed(TYPES[name]);
}
