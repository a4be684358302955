/**
 * Reusable field schemas: each carries its pattern or range, a description,
 * and an error message that says what is allowed. The same definitions become
 * the chart's values.schema.json, so patterns stay within the regex syntax that
 * both JavaScript and Go (Helm's schema validators) accept.
 */
import { z } from 'zod';
import { QUANTITY_MAX_LENGTH, QUANTITY_MAX_NUMBER, QUANTITY_PATTERN } from '../template/quantity';

export const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** What a Service name must be: a DNS label that starts with a letter. */
export const DNS_1035_LABEL = '^[a-z]([-a-z0-9]*[a-z0-9])?$';
export const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
export const ENV_NAME = '^[A-Za-z_][A-Za-z0-9_]*$';
/** A Secret or ConfigMap key: not "." or "..", and not starting with "..". */
export const SECRET_KEY = '^([-_a-zA-Z0-9]|\\.[-_a-zA-Z0-9])[-._a-zA-Z0-9]*$';
/** An annotation key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters (Kubernetes lower-cases it first). */
export const ANNOTATION_KEY = '^([A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
/** A label key: an optional lower-case DNS-subdomain prefix and "/", then a name of at most 63 characters (unlike annotation keys, not lower-cased first). */
export const LABEL_KEY = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
/** A label value: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit; or empty. */
export const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$';
/** A name with a DNS prefix, as Kubernetes requires for a loadBalancerClass: prefix/name. */
export const PREFIXED_NAME = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
/** An image digest. */
export const IMAGE_DIGEST = '^sha256:[a-f0-9]{64}$';
/** An annotation key whose prefix is over 253 characters, in keys joined by newlines. */
export const ANNOTATION_PREFIX_TOO_LONG = '(^|\\n)[^/\\n]{254,}/';
export const IMAGE_REPOSITORY = '^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$';
export const IMAGE_TAG = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';
export const URL_PATH = '^/[A-Za-z0-9._~!$&\'()*+,;=:@%/-]*$';
export const URL_SAFE = '^[A-Za-z0-9._~-]*$';
/**
 * An http(s) URL with a host: printable ASCII (other characters are percent-encoded), no spaces
 * or other schemes. A pattern, so Helm checks it too (it does not assert "format"); `\s` would mean
 * more in JavaScript than in Go.
 */
export const HTTP_URL = '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][!-~]*)?$';

export const quantity = (description: string, example: string) => {
  const error = `must be a Kubernetes quantity such as ${example} (a number with an optional suffix m, k, M, G, Ki, Mi, Gi, ...; no spaces; at most ${QUANTITY_MAX_LENGTH} characters)`;
  return z
    .union([
      z.string().max(QUANTITY_MAX_LENGTH, { error }).regex(new RegExp(QUANTITY_PATTERN), { error }),
      z.number({ error }).nonnegative({ error }).max(QUANTITY_MAX_NUMBER, { error }),
    ], { error })
    .describe(description);
};

export const dnsName = (description: string) =>
  z
    .string()
    .max(253, { error: 'must be at most 253 characters (a DNS name)' })
    .regex(new RegExp(DNS_SUBDOMAIN), { error: 'must be a DNS name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. todo.local)' })
    .describe(description);

export const dnsLabel = (description: string) =>
  z
    .string()
    .max(63, { error: 'must be at most 63 characters' })
    .regex(new RegExp(DNS_LABEL), { error: 'must be a DNS label: lower-case letters, digits and "-", starting and ending with a letter or digit' })
    .describe(description);

/** An optional prefix of object names, which Services need to start with a letter. */
export const optionalNamePrefix = (description: string, max: number) =>
  z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .regex(new RegExp(`(${DNS_1035_LABEL})|^$`), { error: 'must be empty or a DNS label that starts with a letter: lower-case letters, digits and "-"' })
    .describe(description);

export const dnsSubdomain = (description: string) =>
  z
    .string()
    .max(253, { error: 'must be at most 253 characters' })
    .regex(new RegExp(DNS_SUBDOMAIN), { error: 'must be a Kubernetes object name: lower-case letters, digits, "-" and "."' })
    .describe(description);

export const optionalDnsSubdomain = (description: string) =>
  z
    .string()
    .max(253, { error: 'must be at most 253 characters' })
    .regex(new RegExp(`(${DNS_SUBDOMAIN})|^$`), { error: 'must be empty or a Kubernetes object name: lower-case letters, digits, "-" and "."' })
    .describe(description);

/** Longest URL accepted: far beyond real ones, and small enough for any object that carries it. */
export const URL_MAX_LENGTH = 2048;
/** Longest secret value or extra variable value: keeps the Secret and pod spec well within Kubernetes' object size limits. */
export const VALUE_MAX_LENGTH = 8192;

export const optionalHttpUrl = (description: string, example: string) => {
  const error = `must be empty or an http(s) URL such as ${example} (no spaces, at most ${URL_MAX_LENGTH} characters)`;
  // The pattern allows ASCII only, so JavaScript and JSON Schema count the same length.
  return z.union([z.literal(''), z.string().max(URL_MAX_LENGTH, { error }).regex(new RegExp(HTTP_URL), { error })], { error }).describe(description);
};

/** Characters as JSON Schema's maxLength counts them (code points), where JavaScript's length counts UTF-16 units. */
const codePoints = (s: string) => Array.from(s).length;

/** A string of at most `max` characters, counted as Helm's schema validator counts them. */
export const boundedString = (max: number, error: string, typeError?: string) =>
  z
    .string(typeError ? { error: typeError } : undefined)
    .refine((s) => codePoints(s) <= max, { error })
    .meta({ maxLength: max });

/** Free text of bounded length. */
export const text = (description: string, max: number) => boundedString(max, `must be at most ${max} characters`).describe(description);

export const port = (description: string) =>
  z.int({ error: 'must be an integer port from 1 to 65535' }).min(1, { error: 'must be a port from 1 to 65535' }).max(65535, { error: 'must be a port from 1 to 65535' }).describe(description);

export const count = (description: string, min: number, max: number) =>
  z
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` })
    .describe(description);

export const userId = (description: string) =>
  z.int({ error: 'must be a numeric, non-root id from 1 to 2147483647' }).min(1, { error: 'must be non-root: a numeric id from 1 to 2147483647' }).max(2147483647, { error: 'must be a numeric id up to 2147483647' }).describe(description);

export const envMap = (description: string) =>
  z
    .record(
      z.string().regex(new RegExp(ENV_NAME), { error: 'keys must be environment variable names (letters, digits, "_", not starting with a digit)' }),
      boundedString(VALUE_MAX_LENGTH, `values must be at most ${VALUE_MAX_LENGTH} characters`, 'values must be strings (quote numbers and booleans, or use --set-string)'),
    )
    .describe(description);

export const annotations = (description: string) =>
  z
    .record(
      z
        .string()
        .regex(new RegExp(ANNOTATION_KEY), { error: 'keys must be annotation keys: an optional DNS prefix and "/", then a name of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit' }),
      z.string({ error: 'values must be strings (quote numbers and booleans)' }),
    )
    .describe(description);

/** A map of labels. */
export const labels = (description: string) =>
  z
    .record(
      z
        .string()
        .regex(new RegExp(LABEL_KEY), { error: 'keys must be label keys: an optional lower-case DNS prefix and "/", then a name of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit' }),
      z
        .string({ error: 'values must be strings (quote numbers and booleans)' })
        .regex(new RegExp(LABEL_VALUE), { error: 'values must be label values: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit' }),
    )
    .describe(description);

export const envName = (description: string) =>
  z.string().regex(new RegExp(ENV_NAME), { error: 'must be an environment variable name (letters, digits, "_", not starting with a digit)' }).describe(description);

export const secretKey = (description: string) => {
  const error = 'must be a Secret key: at most 253 letters, digits, "-", "_" and ".", not starting with ".." and not "."';
  return z.string().max(253, { error }).regex(new RegExp(SECRET_KEY), { error }).describe(description);
};

export const urlPath = (description: string) =>
  z.string().regex(new RegExp(URL_PATH), { error: 'must be an absolute URL path starting with "/"' }).describe(description);

export const pullPolicy = () =>
  z.enum(['Always', 'IfNotPresent', 'Never']).describe('When the kubelet pulls the image: Always, IfNotPresent or Never (Never for images loaded into minikube/kind).');

const digestError = 'must be empty or an image digest: sha256: and 64 lower-case hex digits';

const repositoryError = 'must be an image repository: lower-case registry/path such as todo-backend or ghcr.io/acme/todo-backend';
const tagError = 'must be an image tag: letters, digits, "_", "." and "-", at most 128 characters';
const imageDigest = (what: string) =>
  z
    .union([z.literal(''), z.string().regex(new RegExp(IMAGE_DIGEST), { error: digestError })], { error: digestError })
    .default('')
    .describe(`Image digest of the ${what} (sha256:...); when set it is pulled as repository@digest and the tag is ignored.`);

export const image = (repository: string, tag: string, what: string) =>
  z
    .strictObject({
      repository: z.string().regex(new RegExp(IMAGE_REPOSITORY), { error: repositoryError }).default(repository).describe(`Image repository of the ${what}.`),
      tag: z
        .string()
        .min(1, { error: 'must not be empty: pin an explicit image tag such as 0.1.0' })
        .regex(new RegExp(IMAGE_TAG), { error: tagError })
        .default(tag)
        .describe(`Image tag of the ${what} (never empty; pin a version).`),
      digest: imageDigest(what),
      pullPolicy: pullPolicy().default('IfNotPresent'),
    })
    .prefault({})
    .describe(`Container image of the ${what}.`);

/** An image that may be left empty to run another component's image. */
export const optionalImage = (what: string, otherwise: string) =>
  z
    .strictObject({
      repository: z
        .union([z.literal(''), z.string().regex(new RegExp(IMAGE_REPOSITORY), { error: repositoryError })], { error: repositoryError })
        .default('')
        .describe(`Image repository of the ${what}; empty runs ${otherwise}.`),
      tag: z
        .union([z.literal(''), z.string().regex(new RegExp(IMAGE_TAG), { error: tagError })], { error: tagError })
        .default('')
        .describe(`Image tag of the ${what}; a repository needs a tag or a digest.`),
      digest: imageDigest(what),
      pullPolicy: pullPolicy().default('IfNotPresent'),
    })
    .prefault({})
    .describe(`Container image of the ${what}; empty runs ${otherwise}.`);

export interface ResourceDefaults {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

export const resources = (d: ResourceDefaults, what: string) =>
  z
    .strictObject({
      requests: z
        .strictObject({
          cpu: quantity(`CPU the ${what} container is guaranteed.`, '100m or 0.5').default(d.requests.cpu),
          memory: quantity(`Memory the ${what} container is guaranteed.`, '256Mi or 1Gi').default(d.requests.memory),
        })
        .prefault({})
        .describe('Resources reserved for the container (the scheduler uses these).'),
      limits: z
        .strictObject({
          cpu: quantity(`CPU limit of the ${what} container.`, '500m or 1').default(d.limits.cpu),
          memory: quantity(`Memory limit of the ${what} container (exceeding it restarts the container).`, '512Mi or 1Gi').default(d.limits.memory),
        })
        .prefault({})
        .describe('Upper bounds for the container; each must be at least its request.'),
    })
    .prefault({})
    .describe(`CPU and memory of the ${what} container.`);

/**
 * A setting with a default that values may remove with null (Helm deletes the
 * key), leaving the choice to the cluster: values.yaml shows the default, the
 * schema does not require the key.
 */
export const removable = <T extends z.ZodType>(schema: T, value: z.input<T>, description: string) =>
  schema.optional().meta({ description, default: value });

/** A key that moved: refused with a message that names its new place. */
export const moved = (to: string) => z.never({ error: `has moved: use ${to}` }).optional().meta({ description: `Moved to ${to}.` });

const mustBe = (value: boolean, why: string) => z.literal(value, { error: `must be ${value}: ${why}` });

/** The pod's security context: who the containers run as, within Pod Security "restricted". */
export const podSecurityContext = (uid: number) =>
  z
    .strictObject({
      runAsNonRoot: mustBe(true, 'Pod Security "restricted" requires it').default(true).describe('Always true (Pod Security "restricted").'),
      runAsUser: removable(userId(''), uid, "Numeric non-root UID the containers run as (must match the image's USER); null lets the cluster assign one (OpenShift)."),
      runAsGroup: removable(userId(''), uid, 'Numeric GID the containers run as, also the fsGroup of the volumes; null lets the cluster assign one (OpenShift).'),
      fsGroupChangePolicy: z
        .enum(['OnRootMismatch', 'Always'])
        .default('OnRootMismatch')
        .describe('When volume ownership is changed to the group: OnRootMismatch skips volumes that already belong to it.'),
      seccompProfile: seccompProfile(),
    })
    .prefault({})
    .describe('Security context of the pods (Pod Security "restricted": values that break it are refused).');

/** The container's security context, within Pod Security "restricted"; extra containers get the same. */
export const containerSecurityContext = () =>
  z
    .strictObject({
      runAsNonRoot: mustBe(true, 'Pod Security "restricted" requires it').default(true).describe('Always true (Pod Security "restricted").'),
      allowPrivilegeEscalation: mustBe(false, 'Pod Security "restricted" forbids privilege escalation').default(false).describe('Always false (Pod Security "restricted").'),
      privileged: mustBe(false, 'Pod Security "restricted" forbids privileged containers').optional().describe('If set, false (Pod Security "restricted").'),
      readOnlyRootFilesystem: z.boolean().default(true).describe('Mount the image read-only; writable space is /tmp and the volumes.'),
      capabilities: z
        .strictObject({
          drop: z
            .array(z.literal('ALL', { error: 'must be ALL: Pod Security "restricted" requires dropping every capability' }))
            .min(1, { error: 'must be ["ALL"]: Pod Security "restricted" requires dropping every capability' })
            .default(['ALL'])
            .describe('Always ["ALL"] (Pod Security "restricted").'),
          add: z
            .array(z.literal('NET_BIND_SERVICE', { error: 'may only be NET_BIND_SERVICE: the one capability Pod Security "restricted" allows' }))
            .optional()
            .describe('NET_BIND_SERVICE, to listen on a port below 1024; nothing else is allowed.'),
        })
        .prefault({})
        .describe('Linux capabilities.'),
      seccompProfile: seccompProfile(),
    })
    .prefault({})
    .describe('Security context of the container, and of the sidecars and init containers (Pod Security "restricted": values that break it are refused).');

function seccompProfile() {
  return z
    .strictObject({
      type: z.enum(['RuntimeDefault', 'Localhost'], { error: 'must be RuntimeDefault or Localhost: Pod Security "restricted" forbids Unconfined' }).default('RuntimeDefault'),
      localhostProfile: z.string().min(1, { error: 'must not be empty' }).optional().describe('Profile file on the node, for type Localhost.'),
    })
    .prefault({})
    .describe('Seccomp profile: RuntimeDefault, or Localhost with localhostProfile.');
}

/** Timing of one probe. */
export interface ProbeDefaults {
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

export type ProbeKind = 'startup' | 'readiness' | 'liveness';

const PROBE_PURPOSE: Record<ProbeKind, string> = {
  startup: 'holds the other probes until the app has started',
  readiness: 'takes the pod out of its Service while it fails',
  liveness: 'restarts the container when it fails',
};

/** One probe's settings: on or off and its timing; `custom<Kind>Probe` replaces it whole. */
export const probe = (kind: ProbeKind, d: ProbeDefaults) => {
  // Kubernetes requires 1 for startup and liveness probes.
  const success = kind === 'readiness' ? count('Successes in a row that count as passing.', 1, 100) : z.literal(1, { error: `must be 1: Kubernetes requires it for a ${kind} probe` }).describe('Always 1 for this probe.');
  return z
    .strictObject({
      enabled: z.boolean().default(true).describe(`Run the ${kind} probe.`),
      initialDelaySeconds: count('Seconds after the start before the first check.', 0, 3600).default(0),
      periodSeconds: count('Seconds between checks.', 1, 3600).default(d.periodSeconds),
      timeoutSeconds: count('Seconds a check may take.', 1, 3600).default(d.timeoutSeconds),
      failureThreshold: count('Failures in a row that count as failing.', 1, 1000).default(d.failureThreshold),
      successThreshold: success.default(1),
    })
    .prefault({})
    .describe(`The ${kind} probe (${PROBE_PURPOSE[kind]}).`);
};

/** A percentage of pods, as PodDisruptionBudgets take it. */
export const PERCENT = '^(100|[1-9]?[0-9])%$';

const podCount = (description: string) => {
  const error = 'must be empty, a whole number of pods from 0 to 1000, or a percentage such as 50%';
  return z
    .union([z.literal(''), z.int({ error }).min(0, { error }).max(1000, { error }), z.string().regex(new RegExp(PERCENT), { error })], { error })
    .default('')
    .describe(description);
};

/** A PodDisruptionBudget's settings. */
export const disruptionBudget = () =>
  z
    .strictObject({
      create: z.boolean().default(false).describe('Create a PodDisruptionBudget, so voluntary disruptions such as node drains keep pods running.'),
      minAvailable: podCount('Pods that must stay available, as a number or a percentage; empty leaves it unset.'),
      maxUnavailable: podCount('Pods that may be down at once, as a number or a percentage; empty leaves it unset. With neither set: 1.'),
    })
    .prefault({})
    .describe('PodDisruptionBudget of the pods (set minAvailable or maxUnavailable, not both).');

const intOrPercent = (description: string, fallback: number) => {
  const error = 'must be a whole number of pods from 0 to 1000 or a percentage such as 25%';
  return z
    .union([z.int({ error }).min(0, { error }).max(1000, { error }), z.string().regex(new RegExp(PERCENT), { error })], { error })
    .default(fallback)
    .describe(description);
};

/** How a Deployment replaces its pods. */
export const updateStrategy = () =>
  z
    .strictObject({
      type: z
        .enum(['', 'RollingUpdate', 'Recreate'])
        .default('')
        .describe('RollingUpdate or Recreate; empty: a rolling update that never takes capacity away (Recreate for the SQLite backend, which must).'),
      rollingUpdate: z
        .strictObject({
          maxSurge: intOrPercent('Pods above the replica count during a rolling update.', 1),
          maxUnavailable: intOrPercent('Pods below the replica count during a rolling update; 0 keeps full capacity.', 0),
        })
        .prefault({})
        .describe('Pace of a rolling update.'),
    })
    .prefault({})
    .describe('How the Deployment replaces its pods on an upgrade.');
