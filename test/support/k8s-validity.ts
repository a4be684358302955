/**
 * A test oracle for the Kubernetes API server's semantic validation: what it
 * refuses in the kinds this project renders that neither the OpenAPI schema
 * (./k8s-schema) nor Pod Security (./pod-security) catches. The rules are an
 * independent statement of Kubernetes 1.34's own, not the chart's; each
 * function names the Go code it mirrors, in k8s.io/apimachinery
 * (pkg/util/validation, pkg/api/validation, pkg/apis/meta/v1/validation) and
 * k8s.io/kubernetes (pkg/apis/{core,apps,networking,policy,autoscaling}/validation).
 * Objects are judged as the server sees them after defaulting: a missing
 * protocol is TCP, a missing Service type ClusterIP, a missing replica count 1.
 *
 * A few checks report what the server takes but does not work as written once
 * applied; their messages say "the API server accepts". They are: an env name
 * set twice in one container, mounts on "/" or one inside another, a volume
 * replaced by a claim template, a StatefulSet whose pods its controller cannot
 * create, a StatefulSet maxUnavailable (dropped while its alpha gate is off),
 * one object rendered twice, and a PodDisruptionBudget that blocks every node
 * drain. Two Services on one node port pass validation one by one; the node
 * port allocator refuses the second. Env names follow the rule of servers
 * before 1.32 (the chart supports 1.28); 1.34 takes any printable ASCII name
 * without "=", and the message says which applies.
 */
import { isIPv6 } from 'net';
import { isScalar, LineCounter, parseAllDocuments, visit } from 'yaml';

// ---------------------------------------------------------------------------
// Formats: k8s.io/apimachinery/pkg/util/validation/validation.go
// ---------------------------------------------------------------------------

/** What a string must be, or undefined when it is valid. */
type Rule = (value: string) => string | undefined;

/** Go's len(): limits count bytes. Every pattern here is ASCII, so non-ASCII fails them anyway. */
const bytes = (s: string) => Buffer.byteLength(s, 'utf-8');

function pattern(max: number, re: RegExp, must: string): Rule {
  return (s) => (bytes(s) <= max && re.test(s) ? undefined : must);
}

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const QUALIFIED = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';

/** IsDNS1123Label. */
const dnsLabel = pattern(63, new RegExp(`^${LABEL}$`), 'must be a DNS label: at most 63 lower case alphanumerics or "-", starting and ending alphanumeric');
/** IsDNS1123Subdomain. */
const dnsSubdomain = pattern(253, new RegExp(`^${SUBDOMAIN}$`), 'must be a DNS subdomain: at most 253 lower case alphanumerics, "-" or ".", each part starting and ending alphanumeric');
/** IsDNS1035Label. */
const dns1035Label = pattern(63, /^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1035 label: at most 63 lower case alphanumerics or "-", starting with a letter and ending alphanumeric');
/** IsWildcardDNS1123Subdomain. */
const wildcardSubdomain = pattern(253, new RegExp(`^\\*\\.${SUBDOMAIN}$`), 'must be "*." and a DNS subdomain (a wildcard stands for exactly one leading label)');
/** IsValidLabelValue. */
const labelValue = pattern(63, new RegExp(`^(${QUALIFIED})?$`), 'must be a label value: empty, or at most 63 alphanumerics, "-", "_" or ".", starting and ending alphanumeric');

/** IsQualifiedName: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
const qualifiedName: Rule = (key) => {
  const parts = key.split('/');
  if (parts.length > 2) return 'must be a qualified name: at most one "/"';
  if (parts.length === 2 && (parts[0] === '' || dnsSubdomain(parts[0]))) return 'must be a qualified name: the part before "/" must be a DNS subdomain';
  const name = parts[parts.length - 1];
  const ok = bytes(name) <= 63 && new RegExp(`^${QUALIFIED}$`).test(name);
  return ok ? undefined : 'must be a qualified name: at most 63 alphanumerics, "-", "_" or "." (after an optional "prefix/"), starting and ending alphanumeric';
};

/** hasChDirPrefix: names that become file names must not climb out of their folder. */
const chDir = (s: string) => s === '.' || s.startsWith('..');

/** IsConfigMapKey: Secret and ConfigMap keys become file names in volumes. */
const configMapKey: Rule = (key) =>
  bytes(key) <= 253 && /^[-._a-zA-Z0-9]+$/.test(key) && !chDir(key)
    ? undefined
    : 'must be a key of at most 253 alphanumerics, "-", "_" or ".", not "." and not starting with ".."';

/** IsValidPortName (an IANA service name). */
const portName: Rule = (s) =>
  s.length <= 15 && /^[-a-z0-9]+$/.test(s) && /[a-z]/.test(s) && !s.includes('--') && !s.startsWith('-') && !s.endsWith('-')
    ? undefined
    : 'must be a port name: at most 15 lower case alphanumerics or "-", at least one letter, no "--", not starting or ending with "-"';

/** ValidatePathSegmentName: all that names of kinds without a name rule of their own must be. */
const pathSegmentName: Rule = (s) => (s === '.' || s === '..' || /[/%]/.test(s) ? 'must not be "." or "..", nor contain "/" or "%"' : undefined);

/**
 * IsEnvVarName (servers before 1.32, and 1.32+ with RelaxedEnvironmentVariableValidation off)
 * and IsRelaxedEnvVarName (on by default since 1.32, locked on in 1.34).
 */
const envName: Rule = (name) => {
  if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(name)) return 'is refused by every Kubernetes version: env names are printable ASCII without "="';
  if (/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name) && !chDir(name)) return undefined;
  return 'must match [-._a-zA-Z][-._a-zA-Z0-9]* and not start with "..": Kubernetes before 1.32 refuses it (1.34 accepts it)';
};

const isPortNumber = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;

/** ParseIPSloppy of k8s.io/utils/net, IPv4: four decimal parts of at most 255, leading zeros allowed. */
function sloppyIPv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]+$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

const isIP = (s: string) => sloppyIPv4(s) !== undefined || isIPv6(s);

/** ParseCIDRSloppy: an address and a decimal prefix length that fits it; IPv4 also as numbers, to compare ranges. */
function sloppyCIDR(s: string): { v4?: { base: number; bits: number } } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0 || !/^[0-9]+$/.test(s.slice(slash + 1))) return undefined;
  const [ip, bits] = [s.slice(0, slash), Number(s.slice(slash + 1))];
  const v4 = sloppyIPv4(ip);
  if (v4 !== undefined) return bits <= 32 ? { v4: { base: bits === 0 ? 0 : Math.floor(v4 / 2 ** (32 - bits)) * 2 ** (32 - bits), bits } } : undefined;
  return isIPv6(ip) && bits <= 128 ? {} : undefined;
}

// ---------------------------------------------------------------------------
// Quantities: k8s.io/apimachinery/pkg/api/resource, exactly, as decimal digits and a power of ten
// ---------------------------------------------------------------------------

/** A quantity's exact value: digits × 10^exp. */
export interface Decimal {
  readonly digits: bigint;
  readonly exp: number;
}

const SI: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** ParseQuantity, rounded up to a multiple of 1n as the server rounds; undefined when it is not a quantity. */
export function parseQuantity(text: unknown): Decimal | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/.exec(String(text));
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const [, sign, whole, frac = '', suffix = ''] = m;
  let digits = BigInt(`${whole}${frac}` || '0') * (sign === '-' ? -1n : 1n);
  let exp = -frac.length;
  if (suffix in BINARY) digits *= 2n ** BigInt(BINARY[suffix]);
  else if (suffix in SI) exp += SI[suffix];
  else if (Math.abs(Number(suffix.slice(1))) <= 2 ** 31 - 1) exp += Number(suffix.slice(1));
  // Go truncates a larger exponent to 32 bits; such a value is no use to compare.
  else return undefined;
  if (exp < -9 && digits !== 0n) {
    // inf.RoundUp: away from zero, to nano.
    const scale = -9 - exp;
    const size = (digits < 0n ? -digits : digits).toString().length;
    const magnitude = size <= scale ? 1n : ((digits < 0n ? -digits : digits) + 10n ** BigInt(scale) - 1n) / 10n ** BigInt(scale);
    digits = digits < 0n ? -magnitude : magnitude;
    exp = -9;
  }
  return { digits, exp };
}

/** Quantity.Cmp: -1, 0 or 1. Compares digit strings, so exponents of any size cost nothing. */
export function compareQuantities(a: Decimal, b: Decimal): number {
  const sign = (d: Decimal) => (d.digits > 0n ? 1 : d.digits < 0n ? -1 : 0);
  if (sign(a) !== sign(b)) return Math.sign(sign(a) - sign(b));
  if (sign(a) === 0) return 0;
  const norm = (d: Decimal) => {
    const s = (d.digits < 0n ? -d.digits : d.digits).toString();
    const trimmed = s.replace(/0+$/, '');
    return { s: trimmed, top: trimmed.length + d.exp + (s.length - trimmed.length) };
  };
  const [x, y] = [norm(a), norm(b)];
  const width = Math.max(x.s.length, y.s.length);
  const magnitude = x.top !== y.top ? Math.sign(x.top - y.top) : x.s.padEnd(width, '0') < y.s.padEnd(width, '0') ? -1 : x.s.padEnd(width, '0') > y.s.padEnd(width, '0') ? 1 : 0;
  return magnitude * sign(a);
}

// ---------------------------------------------------------------------------
// Collecting problems
// ---------------------------------------------------------------------------

const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 60)}…(${bytes(s)} bytes)` : s;
};
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const entries = (v: unknown): Array<[string, any]> => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : []);
const key = (path: string, k: string) => `${path}[${JSON.stringify(k)}]`;
const has = (o: any, field: string) => o !== null && typeof o === 'object' && o[field] !== undefined && o[field] !== null;

/** The problems of one object, each "Kind/name: field: message". */
class Problems {
  readonly lines: string[] = [];
  constructor(readonly at: string) {}

  add(field: string, message: string): void {
    this.lines.push(`${this.at}: ${field}: ${message}`);
  }

  /** Checks a value with a rule, quoting the value in the message. */
  check(field: string, value: unknown, rule: Rule): void {
    const why = rule(String(value ?? ''));
    if (why) this.add(field, `${show(value ?? '')} ${why}`);
  }

  /** A value that must be present and pass the rule. */
  required(field: string, value: unknown, rule: Rule): void {
    if (value === undefined || value === null || value === '') this.add(field, 'is required');
    else this.check(field, value, rule);
  }

  nonNegative(field: string, value: unknown): void {
    if (typeof value === 'number' && value < 0) this.add(field, `${value} must be at least 0`);
  }
}

const who = (o: any) => `${o?.kind}/${o?.metadata?.name ?? '<unnamed>'}`;

// ---------------------------------------------------------------------------
// Metadata: ValidateObjectMetaAccessor, ValidateLabels, ValidateAnnotations
// ---------------------------------------------------------------------------

/** The name rule of each kind; others are DNS subdomains (e.g. ValidateDeploymentName, ValidateSecretName). */
const NAME_RULES: Record<string, Rule> = {
  Namespace: dnsLabel, // ValidateNamespaceName
  Service: dns1035Label, // ValidateServiceName: RelaxedServiceNameValidation is off by default in 1.34
  StatefulSet: dnsLabel, // ValidateStatefulSetName
  PodDisruptionBudget: pathSegmentName, // ValidatePodDisruptionBudget has no name rule: only BeforeCreate's path segment check
};
const CLUSTER_SCOPED = new Set(['Namespace', 'PersistentVolume', 'StorageClass', 'IngressClass', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding']);
const ANNOTATIONS_MAX = 256 * 1024; // TotalAnnotationSizeLimitB

/** ValidateLabels: qualified-name keys, label-value values. */
function checkLabels(labels: unknown, path: string, p: Problems): void {
  for (const [k, v] of entries(labels)) {
    p.check(`${path} key`, k, qualifiedName);
    p.check(key(path, k), v, labelValue);
  }
}

/** ValidateAnnotations: keys are qualified names in any case; keys and values together at most 256 KiB. */
function checkAnnotations(annotations: unknown, path: string, p: Problems): void {
  let size = 0;
  for (const [k, v] of entries(annotations)) {
    const why = qualifiedName(k.toLowerCase());
    if (why) p.add(`${path} key`, `${show(k)} ${why}`);
    size += bytes(k) + bytes(String(v ?? ''));
  }
  if (size > ANNOTATIONS_MAX) p.add(path, `keys and values are ${size} bytes, over the 262144 (256 KiB) limit`);
}

function checkMetadata(o: any, p: Problems): void {
  const meta = o.metadata ?? {};
  p.required('metadata.name', meta.name, NAME_RULES[o.kind] ?? dnsSubdomain);
  if (meta.namespace !== undefined && !CLUSTER_SCOPED.has(o.kind)) p.check('metadata.namespace', meta.namespace, dnsLabel);
  checkLabels(meta.labels, 'metadata.labels', p);
  checkAnnotations(meta.annotations, 'metadata.annotations', p);
}

// ---------------------------------------------------------------------------
// Label selectors: ValidateLabelSelector, and matching as labels.Selector does
// ---------------------------------------------------------------------------

/** ValidateLabelSelector, with invalid label values refused (as for new objects). */
function checkSelector(selector: any, path: string, p: Problems): void {
  checkLabels(selector?.matchLabels, `${path}.matchLabels`, p);
  list(selector?.matchExpressions).forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    p.check(`${at}.key`, e?.key, qualifiedName);
    const values = list(e?.values);
    if (e?.operator === 'In' || e?.operator === 'NotIn') {
      if (!values.length) p.add(`${at}.values`, `must not be empty for ${e.operator}`);
    } else if (e?.operator === 'Exists' || e?.operator === 'DoesNotExist') {
      if (values.length) p.add(`${at}.values`, `must be empty for ${e.operator}`);
    } else p.add(`${at}.operator`, `${show(e?.operator)} must be In, NotIn, Exists or DoesNotExist`);
    values.forEach((v, j) => p.check(`${at}.values[${j}]`, v, labelValue));
  });
}

const isEmptySelector = (s: any) => !entries(s?.matchLabels).length && !list(s?.matchExpressions).length;

/** labels.Selector.Matches; an empty selector matches everything. */
function selects(selector: any, labels: Record<string, string> = {}): boolean {
  const inLabels = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  return entries(selector?.matchLabels).every(([k, v]) => inLabels(k) && labels[k] === v)
    && list(selector?.matchExpressions).every((e) => {
      const values = list(e?.values);
      switch (e?.operator) {
        case 'In': return inLabels(e.key) && values.includes(labels[e.key]);
        case 'NotIn': return !inLabels(e.key) || !values.includes(labels[e.key]);
        case 'Exists': return inLabels(e.key);
        case 'DoesNotExist': return !inLabels(e.key);
        default: return false;
      }
    });
}

// ---------------------------------------------------------------------------
// Int-or-percent fields: ValidatePositiveIntOrPercent, IsNotMoreThan100Percent
// ---------------------------------------------------------------------------

function checkIntOrPercent(path: string, value: unknown, p: Problems, opts: { max100?: boolean } = {}): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') {
    if (!/^[0-9]+%$/.test(value)) return p.add(path, `${show(value)} must be an integer or a percentage such as "25%"`);
    if (opts.max100 && Number(value.slice(0, -1)) > 100) p.add(path, `${show(value)} must not be more than 100%`);
  } else p.nonNegative(path, value);
}

/** getIntOrPercentValue: the number of a percentage, or the integer. */
const intOrPercentValue = (v: unknown) => (typeof v === 'string' ? Number(v.replace(/%$/, '')) : Number(v));

// ---------------------------------------------------------------------------
// Pods: ValidatePodSpec and what it calls
// ---------------------------------------------------------------------------

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** ValidateVolumes; returns the names mounts may use (a volume with errors is left out, as in Go). */
function checkVolumes(spec: any, path: string, claimTemplates: string[], p: Problems): Set<string> {
  const names = new Set<string>(claimTemplates);
  list(spec.volumes).forEach((v, i) => {
    const at = `${path}.volumes[${i}]`;
    if (claimTemplates.includes(v?.name)) {
      // ValidateStatefulSetSpec drops such a volume before validating, and the controller gives pods the claim instead.
      return p.add(`${at}.name`, `${show(v.name)} is replaced by the volumeClaimTemplate of the same name (the API server accepts it; pods get the claim, not this volume)`);
    }
    const before = p.lines.length;
    p.required(`${at}.name`, v?.name, dnsLabel);
    if (names.has(v?.name)) p.add(`${at}.name`, `${show(v.name)} is a duplicate volume name`);
    if (has(v, 'persistentVolumeClaim') && !v.persistentVolumeClaim.claimName) p.add(`${at}.persistentVolumeClaim.claimName`, 'is required');
    if (p.lines.length === before) names.add(v.name);
  });
  return names;
}

/** validateContainerPorts. */
function checkContainerPorts(c: any, at: string, p: Problems): void {
  const names = new Set<string>();
  list(c.ports).forEach((port, i) => {
    const pt = `${at}.ports[${i}]`;
    if (port?.name) {
      p.check(`${pt}.name`, port.name, portName);
      if (names.has(port.name)) p.add(`${pt}.name`, `${show(port.name)} is a duplicate port name in this container`);
      names.add(port.name);
    }
    if (!isPortNumber(port?.containerPort)) p.add(`${pt}.containerPort`, `${show(port?.containerPort)} must be a port number from 1 to 65535`);
    if (port?.hostPort && !isPortNumber(port.hostPort)) p.add(`${pt}.hostPort`, `${show(port.hostPort)} must be a port number from 1 to 65535`);
    if (port?.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) p.add(`${pt}.protocol`, `${show(port.protocol)} must be TCP, UDP or SCTP`);
  });
}

/** validateConfigMapKeySelector, validateSecretKeySelector. */
function checkKeySelector(ref: any, at: string, p: Problems): void {
  p.check(`${at}.name`, ref?.name, dnsSubdomain);
  p.required(`${at}.key`, ref?.key, configMapKey);
}

/** ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom; and (beyond the server, which only warns) a name set twice. */
function checkEnv(c: any, at: string, p: Problems): void {
  const seen = new Set<string>();
  const twice = new Set<string>();
  list(c.env).forEach((e, i) => {
    const et = `${at}.env[${i}]`;
    p.required(`${et}.name`, e?.name, envName);
    if (typeof e?.name === 'string' && seen.has(e.name)) twice.add(e.name);
    if (typeof e?.name === 'string') seen.add(e.name);
    if (!has(e, 'valueFrom')) return;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((s) => has(e.valueFrom, s));
    if (!sources.length) p.add(`${et}.valueFrom`, 'must name one source: fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef');
    else if (e.value) p.add(`${et}.valueFrom`, 'must not be set together with value');
    else if (sources.length > 1) p.add(`${et}.valueFrom`, `names ${sources.join(' and ')}: only one source is allowed`);
    for (const s of ['configMapKeyRef', 'secretKeyRef']) if (has(e.valueFrom, s)) checkKeySelector(e.valueFrom[s], `${et}.valueFrom.${s}`, p);
  });
  for (const name of twice) p.add(`${at}.env`, `${show(name)} is set more than once (the API server accepts it with a warning; the last value silently wins)`);
  list(c.envFrom).forEach((e, i) => {
    const et = `${at}.envFrom[${i}]`;
    if (e?.prefix) p.check(`${et}.prefix`, e.prefix, envName);
    const sources = ['configMapRef', 'secretRef'].filter((s) => has(e, s));
    if (sources.length !== 1) p.add(et, 'must name exactly one of configMapRef and secretRef');
    for (const s of sources) p.required(`${et}.${s}.name`, e[s].name, dnsSubdomain);
  });
}

/** A mount path as the runtime sees it: absolute, without a trailing "/". */
const mountPoint = (path: string) => `/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

/** ValidateVolumeMounts; and (beyond the server) mounts on "/" or one inside another, which the runtime cannot set up as meant. */
function checkMounts(c: any, at: string, volumes: Set<string>, p: Problems): void {
  const paths: string[] = [];
  list(c.volumeMounts).forEach((m, i) => {
    const mt = `${at}.volumeMounts[${i}]`;
    if (!m?.name) p.add(`${mt}.name`, 'is required');
    else if (!volumes.has(m.name)) p.add(`${mt}.name`, `${show(m.name)} is not a (valid) volume of this pod`);
    if (!m?.mountPath) return p.add(`${mt}.mountPath`, 'is required');
    if (paths.includes(m.mountPath)) p.add(`${mt}.mountPath`, `${show(m.mountPath)} must be unique in the container`);
    paths.push(String(m.mountPath));
    for (const sub of ['subPath', 'subPathExpr']) {
      const s = m[sub];
      if (!s) continue;
      if (String(s).startsWith('/')) p.add(`${mt}.${sub}`, `${show(s)} must be a relative path`);
      if (String(s).split('/').includes('..')) p.add(`${mt}.${sub}`, `${show(s)} must not contain ".."`);
    }
  });
  const points = paths.map(mountPoint);
  points.forEach((a, i) => {
    if (a === '/') p.add(`${at}.volumeMounts[${i}].mountPath`, `${show(paths[i])} mounts a volume on "/" (the API server accepts it; the container runtime cannot replace the root filesystem)`);
    points.forEach((b, j) => {
      if (j > i && a !== b && a !== '/' && b !== '/' && (b.startsWith(`${a}/`) || a.startsWith(`${b}/`))) {
        p.add(`${at}.volumeMounts`, `${show(paths[i])} and ${show(paths[j])} are one inside the other (the API server accepts it; which mount shadows the other depends on the runtime's order)`);
      } else if (j > i && a === b && paths[i] !== paths[j]) {
        p.add(`${at}.volumeMounts`, `${show(paths[i])} and ${show(paths[j])} are the same mount point (the API server accepts it; one mount hides the other)`);
      }
    });
  });
}

/** validateProbe, validateHandler; validateLivenessProbe and validateStartupProbe also want a success threshold of 1. */
function checkProbe(probe: any, at: string, kind: 'liveness' | 'readiness' | 'startup', p: Problems): void {
  if (!probe || typeof probe !== 'object') return;
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => has(probe, h));
  if (handlers.length !== 1) p.add(at, `must have exactly one handler (exec, httpGet, tcpSocket or grpc), has ${handlers.length}`);
  for (const h of ['httpGet', 'tcpSocket']) {
    const port = probe[h]?.port;
    if (!has(probe, h)) continue;
    if (typeof port === 'string') p.check(`${at}.${h}.port`, port, portName);
    else if (!isPortNumber(port)) p.add(`${at}.${h}.port`, `${show(port)} must be a port number from 1 to 65535 or a port name`);
  }
  if (has(probe, 'httpGet') && probe.httpGet.scheme !== undefined && !['HTTP', 'HTTPS'].includes(probe.httpGet.scheme)) p.add(`${at}.httpGet.scheme`, `${show(probe.httpGet.scheme)} must be HTTP or HTTPS`);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) p.nonNegative(`${at}.${f}`, probe[f]);
  // SetDefaults_Probe turns 0 into 1.
  if (kind !== 'readiness' && probe.successThreshold !== undefined && probe.successThreshold !== 0 && probe.successThreshold !== 1) p.add(`${at}.successThreshold`, `${show(probe.successThreshold)} must be 1 for a ${kind} probe`);
}

/** validateResourceRequirements: quantities not negative, and each request at most its limit. */
function checkResources(c: any, at: string, p: Problems): void {
  const requests = c.resources?.requests ?? {};
  const limits = c.resources?.limits ?? {};
  for (const [name, q] of [...entries(requests), ...entries(limits)]) {
    const value = parseQuantity(q);
    if (value && value.digits < 0n) p.add(`${at}.resources`, `${name} ${show(q)} must not be negative`);
  }
  for (const [name, q] of entries(requests)) {
    const [request, limit] = [parseQuantity(q), parseQuantity(limits[name])];
    if (request && limit && compareQuantities(request, limit) > 0) p.add(key(`${at}.resources.requests`, name), `${show(q)} must be at most the limit ${show(limits[name])}`);
  }
}

/** validateContainerCommon, and the probes of validateContainers. */
function checkContainer(c: any, at: string, volumes: Set<string>, p: Problems): void {
  p.required(`${at}.name`, c?.name, dnsLabel);
  if (!c?.image) p.add(`${at}.image`, 'is required');
  checkContainerPorts(c, at, p);
  checkEnv(c, at, p);
  checkMounts(c, at, volumes, p);
  checkResources(c, at, p);
  if (c?.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) p.add(`${at}.imagePullPolicy`, `${show(c.imagePullPolicy)} must be Always, IfNotPresent or Never`);
  checkProbe(c?.livenessProbe, `${at}.livenessProbe`, 'liveness', p);
  checkProbe(c?.readinessProbe, `${at}.readinessProbe`, 'readiness', p);
  checkProbe(c?.startupProbe, `${at}.startupProbe`, 'startup', p);
}

/** ValidatePodSpec (the parts that apply to what this project renders). */
function checkPodSpec(spec: any, path: string, claimTemplates: string[], p: Problems): void {
  spec = spec ?? {};
  const volumes = checkVolumes(spec, path, claimTemplates, p);
  if (!list(spec.containers).length) p.add(`${path}.containers`, 'must have at least one container');
  const names = new Set<string>();
  for (const field of ['initContainers', 'containers']) {
    list(spec[field]).forEach((c, i) => {
      const at = `${path}.${field}[${i}]`;
      checkContainer(c, at, volumes, p);
      if (names.has(c?.name)) p.add(`${at}.name`, `${show(c.name)} is a duplicate container name in this pod`);
      names.add(c?.name);
    });
  }
  if (spec.serviceAccountName) p.check(`${path}.serviceAccountName`, spec.serviceAccountName, dnsSubdomain);
  if (spec.hostname) p.check(`${path}.hostname`, spec.hostname, dnsLabel);
  if (spec.subdomain) p.check(`${path}.subdomain`, spec.subdomain, dnsLabel);
  checkLabels(spec.nodeSelector, `${path}.nodeSelector`, p);
  list(spec.imagePullSecrets).forEach((s, i) => p.required(`${path}.imagePullSecrets[${i}].name`, s?.name, dnsSubdomain));
  if (spec.restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) p.add(`${path}.restartPolicy`, `${show(spec.restartPolicy)} must be Always, OnFailure or Never`);
}

/** ValidatePodTemplateSpec, with the selector and restart policy rules of ReplicaSets and StatefulSets. */
function checkPodTemplate(o: any, p: Problems, claimTemplates: string[] = []): void {
  const template = o.spec?.template;
  if (!template) return p.add('spec.template', 'is required');
  checkLabels(template.metadata?.labels, 'spec.template.metadata.labels', p);
  checkAnnotations(template.metadata?.annotations, 'spec.template.metadata.annotations', p);
  checkPodSpec(template.spec, 'spec.template.spec', claimTemplates, p);
  const restart = template.spec?.restartPolicy;
  if (restart !== undefined && restart !== 'Always') p.add('spec.template.spec.restartPolicy', `${show(restart)} must be Always in a ${o.kind}`);
  const selector = o.spec?.selector;
  if (!selector) return p.add('spec.selector', 'is required');
  checkSelector(selector, 'spec.selector', p);
  if (isEmptySelector(selector)) p.add('spec.selector', `must not be empty for a ${o.kind}`);
  else if (!selects(selector, template.metadata?.labels)) p.add('spec.template.metadata.labels', 'do not match spec.selector');
}

// ---------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------

/** ValidateDeploymentSpec, ValidateDeploymentStrategy, ValidateRollingUpdateDeployment. */
function checkDeployment(o: any, p: Problems): void {
  const spec = o.spec ?? {};
  for (const f of ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']) p.nonNegative(`spec.${f}`, spec[f]);
  checkPodTemplate(o, p);
  const strategy = spec.strategy ?? {};
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'Recreate') {
    if (has(strategy, 'rollingUpdate')) p.add('spec.strategy.rollingUpdate', 'must not be set when type is Recreate');
  } else if (type === 'RollingUpdate') {
    // SetDefaults_Deployment: each is 25% when unset.
    const { maxUnavailable = '25%', maxSurge = '25%' } = strategy.rollingUpdate ?? {};
    checkIntOrPercent('spec.strategy.rollingUpdate.maxUnavailable', maxUnavailable, p, { max100: true });
    checkIntOrPercent('spec.strategy.rollingUpdate.maxSurge', maxSurge, p);
    if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) p.add('spec.strategy.rollingUpdate', 'maxUnavailable and maxSurge must not both be 0');
  } else p.add('spec.strategy.type', `${show(type)} must be Recreate or RollingUpdate`);
  const deadline = spec.progressDeadlineSeconds ?? 600;
  if (deadline <= (spec.minReadySeconds ?? 0)) p.add('spec.progressDeadlineSeconds', `${deadline} must be greater than minReadySeconds`);
}

/** The largest revision hash suffix: controller.ComputeHash is a uint32 in decimal, SafeEncodeString keeps its length. */
const REVISION_HASH = 10;

/**
 * ValidateStatefulSetSpec. Beyond the server, which takes any DNS-label name: its
 * controller names pods "<name>-<ordinal>" (the pod's hostname, a DNS label) and
 * labels them controller-revision-hash "<name>-<hash>" (a label value).
 */
function checkStatefulSet(o: any, p: Problems): void {
  const spec = o.spec ?? {};
  const templates = list(spec.volumeClaimTemplates);
  templates.forEach((t, i) => {
    p.required(`spec.volumeClaimTemplates[${i}].metadata.name`, t?.metadata?.name, dnsLabel);
    checkClaimSpec(t?.spec, `spec.volumeClaimTemplates[${i}].spec`, p);
  });
  for (const f of ['replicas', 'minReadySeconds']) p.nonNegative(`spec.${f}`, spec[f]);
  if (spec.serviceName) p.check('spec.serviceName', spec.serviceName, dnsLabel);
  if (spec.podManagementPolicy !== undefined && !['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy)) p.add('spec.podManagementPolicy', `${show(spec.podManagementPolicy)} must be OrderedReady or Parallel`);
  checkStatefulSetStrategy(spec.updateStrategy ?? {}, p);
  checkPodTemplate(o, p, templates.map((t) => t?.metadata?.name).filter((n) => typeof n === 'string' && !dnsLabel(n)));
  checkStatefulSetRoom(o, p);
}

/** validateRollingUpdateStatefulSet and the update strategy type. */
function checkStatefulSetStrategy(strategy: any, p: Problems): void {
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'OnDelete' && has(strategy, 'rollingUpdate')) p.add('spec.updateStrategy.rollingUpdate', 'must not be set when type is OnDelete');
  else if (type === 'RollingUpdate' && has(strategy, 'rollingUpdate')) {
    p.nonNegative('spec.updateStrategy.rollingUpdate.partition', strategy.rollingUpdate.partition);
    // PrepareForCreate drops the field while the alpha MaxUnavailableStatefulSet gate is off (the 1.34 default).
    const max = strategy.rollingUpdate.maxUnavailable;
    if (max !== undefined && max !== null) p.add('spec.updateStrategy.rollingUpdate.maxUnavailable', `${show(max)} is dropped (the API server accepts it but ignores it unless the alpha MaxUnavailableStatefulSet feature gate is on, where 0 and over 100% are refused)`);
  } else if (type !== 'OnDelete' && type !== 'RollingUpdate') p.add('spec.updateStrategy.type', `${show(type)} must be RollingUpdate or OnDelete`);
}

function checkStatefulSetRoom(o: any, p: Problems): void {
  const name = String(o.metadata?.name ?? '');
  if (dnsLabel(name)) return;
  const last = (o.spec?.ordinals?.start ?? 0) + Math.max((o.spec?.replicas ?? 1) - 1, 0);
  const pod = `${name}-${last}`;
  if (bytes(pod) > 63) p.add('metadata.name', `${show(name)} is too long for its pods: pod ${show(pod)} is over 63 characters, and a pod's hostname is its name (the API server accepts the StatefulSet; its controller cannot create the pods)`);
  else if (bytes(name) + 1 + REVISION_HASH > 63) p.add('metadata.name', `${show(name)} is too long for its pods' controller-revision-hash label "<name>-<hash of up to ${REVISION_HASH}>" (a label value of at most 63): at most ${62 - REVISION_HASH} characters (the API server accepts the StatefulSet; its controller cannot create the pods)`);
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** ValidatePersistentVolumeClaimSpec. */
function checkClaimSpec(spec: any, path: string, p: Problems): void {
  const modes = list(spec?.accessModes);
  if (!modes.length) p.add(`${path}.accessModes`, 'must have at least one access mode');
  for (const m of modes) if (!ACCESS_MODES.includes(m)) p.add(`${path}.accessModes`, `${show(m)} must be one of ${ACCESS_MODES.join(', ')}`);
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) p.add(`${path}.accessModes`, 'ReadWriteOncePod cannot be combined with other access modes');
  const storage = spec?.resources?.requests?.storage;
  const size = parseQuantity(storage);
  if (storage === undefined) p.add(`${path}.resources.requests.storage`, 'is required');
  else if (size && size.digits <= 0n) p.add(`${path}.resources.requests.storage`, `${show(storage)} must be greater than 0`);
  if (spec?.storageClassName) p.check(`${path}.storageClassName`, spec.storageClassName, dnsSubdomain);
}

/** The default --service-node-port-range; the allocator refuses ports outside it. */
const NODE_PORTS = { min: 30000, max: 32767 };
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

/** validateService, validateServicePort, and the node port allocator's range. */
function checkService(o: any, p: Problems): void {
  const spec = o.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) p.add('spec.type', `${show(type)} must be one of ${SERVICE_TYPES.join(', ')}`);
  const ports = list(spec.ports);
  if (!ports.length && spec.clusterIP !== 'None' && type !== 'ExternalName') p.add('spec.ports', 'must have at least one port');
  const [names, numbers, nodePorts] = [new Set<string>(), new Set<string>(), new Set<string>()];
  ports.forEach((port, i) => {
    const at = `spec.ports[${i}]`;
    const protocol = port?.protocol ?? 'TCP';
    if (!port?.name && ports.length > 1) p.add(`${at}.name`, 'is required when a Service has more than one port');
    if (port?.name) {
      p.check(`${at}.name`, port.name, dnsLabel);
      if (names.has(port.name)) p.add(`${at}.name`, `${show(port.name)} is a duplicate port name`);
      names.add(port.name);
    }
    if (!isPortNumber(port?.port)) p.add(`${at}.port`, `${show(port?.port)} must be a port number from 1 to 65535`);
    if (!PROTOCOLS.includes(protocol)) p.add(`${at}.protocol`, `${show(protocol)} must be TCP, UDP or SCTP`);
    if (numbers.has(`${port?.port}/${protocol}`)) p.add(at, `port ${port?.port}/${protocol} is a duplicate`);
    numbers.add(`${port?.port}/${protocol}`);
    // SetDefaults_Service: an unset, 0 or "" target port is the port.
    const target = port?.targetPort;
    if (typeof target === 'string' && target !== '') p.check(`${at}.targetPort`, target, portName);
    else if (target !== undefined && target !== '' && target !== 0 && !isPortNumber(target)) p.add(`${at}.targetPort`, `${show(target)} must be a port number from 1 to 65535 or a port name`);
    checkNodePort(port, at, type, protocol, nodePorts, p);
  });
  if (spec.selector) checkLabels(spec.selector, 'spec.selector', p);
}

function checkNodePort(port: any, at: string, type: string, protocol: string, seen: Set<string>, p: Problems): void {
  const nodePort = port?.nodePort;
  if (!nodePort) return;
  if (type === 'ClusterIP') return p.add(`${at}.nodePort`, 'must not be set when type is ClusterIP');
  if (!Number.isInteger(nodePort) || nodePort < NODE_PORTS.min || nodePort > NODE_PORTS.max) p.add(`${at}.nodePort`, `${show(nodePort)} is outside the node port range ${NODE_PORTS.min}-${NODE_PORTS.max}`);
  if (seen.has(`${nodePort}/${protocol}`)) p.add(`${at}.nodePort`, `${nodePort}/${protocol} is a duplicate in this Service`);
  seen.add(`${nodePort}/${protocol}`);
}

const MAX_DATA = 1024 * 1024; // core.MaxSecretSize, also the ConfigMap limit

/** The decoded size of base64 text, as the server stores Secret data. */
const base64Size = (s: string) => Math.floor((s.replace(/[^A-Za-z0-9+/]/g, '').length * 3) / 4);

/** ValidateSecret: stringData is merged into data first (by conversion), so its keys obey the same rule. */
function checkSecret(o: any, p: Problems): void {
  let size = 0;
  for (const field of ['data', 'stringData']) {
    for (const [k, v] of entries(o[field])) {
      p.check(`${field} key`, k, configMapKey);
      size += field === 'data' ? base64Size(String(v ?? '')) : bytes(String(v ?? ''));
    }
  }
  if (size > MAX_DATA) p.add('data', `is ${size} bytes, over the 1048576 (1 MiB) limit`);
}

/** ValidateConfigMap. */
function checkConfigMap(o: any, p: Problems): void {
  let size = 0;
  for (const field of ['data', 'binaryData']) {
    for (const [k, v] of entries(o[field])) {
      p.check(`${field} key`, k, configMapKey);
      size += field === 'data' ? bytes(String(v ?? '')) : base64Size(String(v ?? ''));
    }
  }
  for (const [k] of entries(o.data)) if (has(o.binaryData, k)) p.add(key('data', k), 'is also a key of binaryData');
  if (size > MAX_DATA) p.add('data', `is ${size} bytes, over the 1048576 (1 MiB) limit`);
}

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];

/** validateIngressRules (create): a host is a DNS name or "*." and one, never an IP address. */
function checkIngressHost(host: unknown, at: string, p: Problems): void {
  if (host === undefined || host === '') return;
  const h = String(host);
  if (isIP(h)) p.add(at, `${show(h)} must be a DNS name, not an IP address`);
  p.check(at, h, h.includes('*') ? wildcardSubdomain : dnsSubdomain);
}

/** validateHTTPIngressPath. */
function checkIngressPath(path: any, at: string, p: Problems): void {
  const type = path?.pathType;
  const value = String(path?.path ?? '');
  if (type === undefined) p.add(`${at}.pathType`, 'is required');
  else if (!PATH_TYPES.includes(type)) p.add(`${at}.pathType`, `${show(type)} must be one of ${PATH_TYPES.join(', ')}`);
  else if (type !== 'ImplementationSpecific' || value) {
    if (!value.startsWith('/')) p.add(`${at}.path`, `${show(value)} must be an absolute path`);
    if (type !== 'ImplementationSpecific') {
      for (const bad of ['//', '/./', '/../', '%2f', '%2F']) if (value.includes(bad)) p.add(`${at}.path`, `${show(value)} must not contain ${show(bad)}`);
      for (const bad of ['/..', '/.']) if (value.endsWith(bad)) p.add(`${at}.path`, `${show(value)} must not end with ${show(bad)}`);
    }
  }
  checkIngressBackend(path?.backend, `${at}.backend`, p);
}

/** validateIngressBackend. */
function checkIngressBackend(backend: any, at: string, p: Problems): void {
  if (has(backend, 'resource') === has(backend, 'service')) return p.add(at, 'must have exactly one of service and resource');
  const service = backend.service;
  if (!service) return;
  p.required(`${at}.service.name`, service.name, dns1035Label);
  const [name, number] = [service.port?.name, service.port?.number];
  if (name && number) p.add(`${at}.service.port`, 'must not have both a name and a number');
  else if (name) p.check(`${at}.service.port.name`, name, portName);
  else if (number !== undefined && number !== 0) {
    if (!isPortNumber(number)) p.add(`${at}.service.port.number`, `${show(number)} must be a port number from 1 to 65535`);
  } else p.add(`${at}.service.port`, 'needs a name or a number');
}

/** ValidateIngressCreate, ValidateIngressSpec, validateIngressTLS. */
function checkIngress(o: any, p: Problems): void {
  const spec = o.spec ?? {};
  const rules = list(spec.rules);
  if (!rules.length && !spec.defaultBackend) p.add('spec', 'needs rules or a defaultBackend');
  if (spec.defaultBackend) checkIngressBackend(spec.defaultBackend, 'spec.defaultBackend', p);
  rules.forEach((r, i) => {
    checkIngressHost(r?.host, `spec.rules[${i}].host`, p);
    if (!has(r, 'http')) return;
    const paths = list(r.http.paths);
    if (!paths.length) p.add(`spec.rules[${i}].http.paths`, 'must have at least one path');
    paths.forEach((path, j) => checkIngressPath(path, `spec.rules[${i}].http.paths[${j}]`, p));
  });
  list(spec.tls).forEach((t, i) => {
    list(t?.hosts).forEach((h, j) => p.check(`spec.tls[${i}].hosts[${j}]`, h, String(h).includes('*') ? wildcardSubdomain : dnsSubdomain));
    if (t?.secretName) p.check(`spec.tls[${i}].secretName`, t.secretName, dnsSubdomain);
  });
  if (spec.ingressClassName !== undefined) p.check('spec.ingressClassName', spec.ingressClassName, dnsSubdomain);
  const annotation = o.metadata?.annotations?.['kubernetes.io/ingress.class'];
  if (annotation !== undefined && spec.ingressClassName !== undefined && annotation !== spec.ingressClassName) p.add('metadata.annotations["kubernetes.io/ingress.class"]', 'must equal spec.ingressClassName when both are set');
}

/** ValidateNetworkPolicyPort. */
function checkPolicyPort(port: any, at: string, p: Problems): void {
  if (port?.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) p.add(`${at}.protocol`, `${show(port.protocol)} must be TCP, UDP or SCTP`);
  const [value, end] = [port?.port, port?.endPort];
  if (value === undefined) {
    if (end !== undefined) p.add(`${at}.endPort`, 'must not be set without port');
  } else if (typeof value === 'string') {
    p.check(`${at}.port`, value, portName);
    if (end !== undefined) p.add(`${at}.endPort`, 'must not be set when port is a name');
  } else {
    if (!isPortNumber(value)) p.add(`${at}.port`, `${show(value)} must be a port number from 1 to 65535`);
    if (end !== undefined && (!isPortNumber(end) || end < value)) p.add(`${at}.endPort`, `${show(end)} must be a port number from port to 65535`);
  }
}

/** ValidateNetworkPolicyPeer, ValidateIPBlock. */
function checkPolicyPeer(peer: any, at: string, p: Problems): void {
  const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => has(peer, k));
  if (!kinds.length) p.add(at, 'must name a peer: podSelector, namespaceSelector or ipBlock');
  else if (kinds.length > 1 && kinds.includes('ipBlock')) p.add(at, 'must not combine ipBlock with a selector');
  if (has(peer, 'podSelector')) checkSelector(peer.podSelector, `${at}.podSelector`, p);
  if (has(peer, 'namespaceSelector')) checkSelector(peer.namespaceSelector, `${at}.namespaceSelector`, p);
  if (!has(peer, 'ipBlock')) return;
  const cidr = sloppyCIDR(String(peer.ipBlock.cidr ?? ''));
  if (!cidr) return p.add(`${at}.ipBlock.cidr`, `${show(peer.ipBlock.cidr)} must be a CIDR such as 10.0.0.0/8`);
  list(peer.ipBlock.except).forEach((e, i) => {
    const except = sloppyCIDR(String(e));
    if (!except) return p.add(`${at}.ipBlock.except[${i}]`, `${show(e)} must be a CIDR`);
    const [outer, inner] = [cidr.v4, except.v4];
    // IPv6 ranges are only checked for form: comparing them needs 128-bit parsing the project never uses.
    if (outer && inner && (inner.bits <= outer.bits || Math.floor(inner.base / 2 ** (32 - outer.bits)) * 2 ** (32 - outer.bits) !== outer.base)) {
      p.add(`${at}.ipBlock.except[${i}]`, `${show(e)} must be a strict subset of ${show(peer.ipBlock.cidr)}`);
    }
  });
}

/** ValidateNetworkPolicySpec. */
function checkNetworkPolicy(o: any, p: Problems): void {
  const spec = o.spec ?? {};
  checkSelector(spec.podSelector, 'spec.podSelector', p);
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']]) {
    list(spec[direction]).forEach((rule, i) => {
      list(rule?.ports).forEach((port, j) => checkPolicyPort(port, `spec.${direction}[${i}].ports[${j}]`, p));
      list(rule?.[peers]).forEach((peer, j) => checkPolicyPeer(peer, `spec.${direction}[${i}].${peers}[${j}]`, p));
    });
  }
  const types = list(spec.policyTypes);
  if (types.length > 2) p.add('spec.policyTypes', 'must have at most two entries');
  for (const t of types) if (t !== 'Ingress' && t !== 'Egress') p.add('spec.policyTypes', `${show(t)} must be Ingress or Egress`);
}

/** ValidatePodDisruptionBudgetSpec. */
function checkPodDisruptionBudget(o: any, p: Problems): void {
  const spec = o.spec ?? {};
  if (has(spec, 'minAvailable') && has(spec, 'maxUnavailable')) p.add('spec', 'must not set both minAvailable and maxUnavailable');
  checkIntOrPercent('spec.minAvailable', spec.minAvailable, p, { max100: true });
  checkIntOrPercent('spec.maxUnavailable', spec.maxUnavailable, p, { max100: true });
  if (spec.selector) checkSelector(spec.selector, 'spec.selector', p);
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') p.add('spec.unhealthyPodEvictionPolicy', `${show(policy)} must be IfHealthyBudget or AlwaysAllow`);
}

/** validateHorizontalPodAutoscalerSpec (scaling to zero is an alpha feature, off by default). */
function checkHorizontalPodAutoscaler(o: any, p: Problems): void {
  const spec = o.spec ?? {};
  const min = spec.minReplicas ?? 1;
  if (min < 1) p.add('spec.minReplicas', `${show(min)} must be at least 1`);
  if (!(spec.maxReplicas >= 1)) p.add('spec.maxReplicas', `${show(spec.maxReplicas)} must be at least 1`);
  if (spec.maxReplicas < min) p.add('spec.maxReplicas', `${show(spec.maxReplicas)} must be at least minReplicas (${min})`);
  const ref = spec.scaleTargetRef ?? {};
  p.required('spec.scaleTargetRef.kind', ref.kind, pathSegmentName);
  p.required('spec.scaleTargetRef.name', ref.name, pathSegmentName);
  list(spec.metrics).forEach((m, i) => checkMetric(m, `spec.metrics[${i}]`, p));
}

/** validateMetricSpec and validateMetricTarget, for Resource metrics (the only kind this project renders). */
function checkMetric(metric: any, at: string, p: Problems): void {
  if (metric?.type !== 'Resource' || !has(metric, 'resource')) return;
  const target = metric.resource.target ?? {};
  if (!['Utilization', 'Value', 'AverageValue'].includes(target.type)) p.add(`${at}.resource.target.type`, `${show(target.type)} must be Utilization, Value or AverageValue`);
  const [utilization, average] = [has(target, 'averageUtilization'), has(target, 'averageValue')];
  if (utilization === average) p.add(`${at}.resource.target`, 'must set exactly one of averageUtilization and averageValue');
  if (utilization && !(target.averageUtilization >= 1)) p.add(`${at}.resource.target.averageUtilization`, `${show(target.averageUtilization)} must be at least 1`);
  const value = average ? parseQuantity(target.averageValue) : undefined;
  if (value && value.digits <= 0n) p.add(`${at}.resource.target.averageValue`, `${show(target.averageValue)} must be positive`);
}

/** ValidatePod: the spec of a bare pod (a Helm test), with any restart policy. */
function checkPod(o: any, p: Problems): void {
  checkPodSpec(o.spec, 'spec', [], p);
}

const KINDS: Record<string, (o: any, p: Problems) => void> = {
  Deployment: checkDeployment,
  StatefulSet: checkStatefulSet,
  Pod: checkPod,
  PersistentVolumeClaim: (o, p) => checkClaimSpec(o.spec, 'spec', p),
  Service: checkService,
  Secret: checkSecret,
  ConfigMap: checkConfigMap,
  Ingress: checkIngress,
  NetworkPolicy: checkNetworkPolicy,
  PodDisruptionBudget: checkPodDisruptionBudget,
  HorizontalPodAutoscaler: checkHorizontalPodAutoscaler,
};

// ---------------------------------------------------------------------------
// Across objects
// ---------------------------------------------------------------------------

const namespaceOf = (o: any) => (CLUSTER_SCOPED.has(o?.kind) ? '' : String(o?.metadata?.namespace ?? ''));

/** One object rendered twice: whichever is applied last replaces the other (helm refuses the release). */
function duplicateObjects(objects: any[]): string[] {
  const seen = new Map<string, number>();
  for (const o of objects) {
    const id = `${String(o?.apiVersion ?? '').split('/').slice(0, -1).join('/')}|${o?.kind}|${namespaceOf(o)}|${o?.metadata?.name}`;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => {
    const [, kind, ns, name] = id.split('|');
    return `${kind}/${name}: is rendered ${n} times${ns ? ` in namespace ${ns}` : ''} (the API server accepts each; the last one applied replaces the others)`;
  });
}

/** Node ports are cluster-wide: the allocator refuses a port another Service holds, whatever its protocol. */
function nodePortCollisions(objects: any[]): string[] {
  const owners = new Map<number, string>();
  const out: string[] = [];
  for (const o of objects.filter((x) => x?.kind === 'Service')) {
    for (const port of list(o.spec?.ports)) {
      const n = port?.nodePort;
      if (!n) continue;
      const other = owners.get(n);
      if (other && other !== who(o)) out.push(`${who(o)}: spec.ports: nodePort ${n} is already used by ${other} (node ports are cluster-wide: the API server refuses the second)`);
      if (!other) owners.set(n, who(o));
    }
  }
  return out;
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/** The pods a PodDisruptionBudget counts: workloads in its namespace whose pod labels it selects, at their floor (an HPA's minReplicas). */
function expectedPods(pdb: any, objects: any[]): { count: number; names: string[] } {
  let count = 0;
  const names: string[] = [];
  for (const w of objects) {
    if (namespaceOf(w) !== namespaceOf(pdb)) continue;
    const isWorkload = WORKLOADS.includes(w?.kind);
    const labels = isWorkload ? w.spec?.template?.metadata?.labels : w?.kind === 'Pod' ? w.metadata?.labels : undefined;
    if (!labels || !selects(pdb.spec.selector, labels)) continue;
    const hpa = objects.find((h) => h?.kind === 'HorizontalPodAutoscaler' && namespaceOf(h) === namespaceOf(w) && h.spec?.scaleTargetRef?.kind === w.kind && h.spec?.scaleTargetRef?.name === w.metadata?.name);
    count += hpa ? (hpa.spec.minReplicas ?? 1) : isWorkload ? (w.spec?.replicas ?? 1) : 1;
    names.push(`${who(w)}${hpa ? ` (at its ${who(hpa)}'s minReplicas)` : ''}`);
  }
  return { count, names };
}

/**
 * A PodDisruptionBudget that allows no disruption while every pod is healthy
 * blocks every node drain (kubectl drain, cluster upgrades) until someone
 * deletes it. The API server accepts it; the disruption controller computes
 * percentages rounding up, as here.
 */
function drainBlockers(objects: any[]): string[] {
  const out: string[] = [];
  for (const pdb of objects.filter((o) => o?.kind === 'PodDisruptionBudget' && o.spec?.selector && !isEmptySelector(o.spec.selector))) {
    const { count, names } = expectedPods(pdb, objects);
    if (count <= 0) continue;
    const scaled = (v: unknown) => (typeof v === 'string' ? Math.ceil((intOrPercentValue(v) * count) / 100) : Number(v));
    const { minAvailable, maxUnavailable } = pdb.spec;
    const allowed = minAvailable !== undefined ? count - scaled(minAvailable) : maxUnavailable !== undefined ? scaled(maxUnavailable) : 1;
    if (!Number.isFinite(allowed) || allowed > 0) continue;
    const field = minAvailable !== undefined ? `spec.minAvailable: ${show(minAvailable)}` : `spec.maxUnavailable: ${show(maxUnavailable)}`;
    out.push(`${who(pdb)}: ${field} allows no disruption of the ${count} pod(s) of ${names.join(', ')}, so every node drain blocks (the API server accepts this)`);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/**
 * The problems of a list of objects meant to be applied together, one
 * readable line each ("Kind/name: field: what is wrong"); [] when the API
 * server would take them all and nothing among them is known not to work.
 */
export function validityProblems(objects: any[]): string[] {
  const lines: string[] = [];
  for (const o of objects) {
    if (!o || typeof o !== 'object') continue;
    const p = new Problems(who(o));
    checkMetadata(o, p);
    KINDS[o.kind]?.(o, p);
    lines.push(...p.lines);
  }
  return [...lines, ...duplicateObjects(objects), ...nodePortCollisions(objects), ...drainBlockers(objects)];
}

/** Whether a label or annotation key is a qualified name (IsQualifiedName). */
export function isQualifiedName(k: string): boolean {
  return qualifiedName(k) === undefined;
}

/**
 * Keys repeated in one mapping of a YAML manifest stream, one line each. A
 * parsed object cannot show them (a reader keeps one value), yet kubectl and
 * Helm refuse such a manifest. Keys compare as the strings they become in JSON.
 */
export function duplicateYamlKeys(text: string): string[] {
  const out: string[] = [];
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
  (Array.isArray(docs) ? docs : []).forEach((doc, i) => {
    const name = [doc.get('kind'), doc.getIn(['metadata', 'name'])].filter((x) => typeof x === 'string').join('/');
    const where = `document ${i + 1}${name ? ` (${name})` : ''}`;
    visit(doc, {
      Map(_, map) {
        const first = new Map<string, number>();
        for (const pair of map.items) {
          if (!isScalar(pair.key) || pair.key.value === '<<') continue;
          const k = String(pair.key.value);
          const line = lines.linePos(pair.key.range?.[0] ?? 0).line;
          if (first.has(k)) out.push(`${where}: key ${show(k)} at line ${line} repeats the key at line ${first.get(k)}`);
          else first.set(k, line);
        }
      },
    });
  });
  return out;
}
