/**
 * The parity property: for a values text, synth accepts it exactly when
 * helm 3 and helm 4 accept it. Accepted, all three give the same objects, and
 * those pass the strict schema and Pod Security; refused, every message names
 * the same key. Accepted objects must also pass Kubernetes' own validation
 * (./k8s-validity). Samples start from valid configurations and get adversarial
 * values at random keys, written as YAML text in random spellings.
 */
import fc from 'fast-check';
import { ConfigError, configRules, configSchema, valueRefs } from '../../lib/config';
import { render } from '../../lib/synth';
import { validConfig } from './arbitraries';
import { compareManifests } from './equivalence';
import { HELM_MAJORS, HelmMajor, pool, ROOT } from './helm';
import { HelmOutcome, helmTemplateMany } from './helm-batch';
import { K8S_VERSIONS, validateObjects } from './k8s-schema';
import { validityProblems } from './k8s-validity';
import { podSecurityViolations, podSpecOf } from './pod-security';
import { PINNED } from './render';
import { tempFile } from './tmp';
import { picks, valuesText } from './values-text';

/** Strings that mean something to YAML, Go templates, shells or JavaScript objects. */
const nastyString = fc.oneof(
  fc.constantFrom(
    '{{ .Release.Name }}', '{{- fail "boom" }}', 'a\nb', ' lead', 'trail ', 'a: b', 'x # c', '&a', '*a', '!tag', '|', '- x', '? y', "it's", '"q"',
    'yes', 'no', 'on', '~', 'null', '010', '0x1F', '1_000', '.inf', '1e3', '__proto__', 'constructor', 'été', '\u{1F600}', '\u00a0x', 'tab\there', 'x'.repeat(300),
    '10.0.0.1', '/tmp/x.db', '/etc/todo.db', '/data/../etc/x.db', 'HOSTNAME', 'PORT', 'auth-secret', 'Fast_SSD', '..key', '.', 'https://ok.example.com/p?q=1',
    'ftp://x.example.com', 'javascript:alert(1)', 'https://', 'https://h.example.com/\u00e9', 'http://llm:0/v1', 'https://a.b.svc:65536', 'http://svc.ns.svc.cluster.local./v1',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.stringMatching(/^[a-z][a-z0-9-]{40,62}[a-z0-9]$/),
);

const nastyNumber = fc.oneof(
  fc.constantFrom(-1, 0, 1, 1.5, 2, 100, 101, 2 ** 31, 30000, 32767, 32768, 65535, 65536, 2147483647, 2147483648, Infinity, NaN),
  fc.integer({ min: -5, max: 70000 }),
);

const nastyQuantity = fc.oneof(
  fc.constantFrom(
    '1e400', '1e401', '9007199254740993', '9007199254740992', '1e999999999', '0.5m', '0.0001Ki', '1Ti', '1099511627776', '1099511627777',
    '100m', '1.5', '+1', '.5', '1.', '1e+2', '1E-3', '1Ei', '0.000001Ei', '0.10000000000000001', '1 GB', '-1', '',
  ),
  // 2 ** 53 + 1 is written by the text writer as the double it rounds to; the string form above keeps every digit.
  fc.constantFrom(0.5, 1e15, 1e16, 2 ** 53, 5e-324, 0),
  fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.constantFrom('m', '', 'Mi', 'Gi', 'k', 'M')).map(([n, u]) => `${n}${u}`),
);

const nastyMap = fc.oneof(
  fc.constantFrom<Record<string, unknown>>(
    { __proto__: 'x' } as never, { 'bad key': 'x' }, { 'example.com/a': '{{x}}' }, { A: 'x', PORT: '1' }, { DATABASE_URL: 'x' }, { [`${'n'.repeat(64)}`]: 'v' },
    { constructor: 'x' }, { AI_MODEL: 'x' }, { 'Example.COM/x': 'y' }, { [`${'p'.repeat(250)}.com/x`]: 'v' }, { ok: 5 }, { ok: true }, {},
  ),
  fc.dictionary(fc.oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), nastyString), nastyString, { maxKeys: 3 }),
);

const STRING_PATHS = [
  'backend.pdb.maxUnavailable', 'database.postgres.pdb.minAvailable', 'database.postgres.updateStrategy.type', 'backend.updateStrategy.type', 'frontend.updateStrategy.rollingUpdate.maxSurge',
  'publicUrl', 'fullnameOverride', 'nameOverride', 'ingress.host', 'ingress.className', 'ingress.tls.secretName', 'secrets.authSecret', 'secrets.existingSecret',
  'secrets.keys.authSecret', 'secrets.keys.groqApiKey', 'secrets.keys.databaseUrl', 'secrets.postgresPassword', 'ai.model', 'ai.baseUrl', 'ai.provider',
  'frontend.image.tag', 'backend.image.repository', 'database.mode', 'database.sqlite.path', 'database.sqlite.storageClass', 'database.postgres.database',
  'networkPolicy.ingressNamespace', 'frontend.healthPath', 'frontend.envNames.port', 'backend.envNames.aiModel', 'frontend.service.type', 'imagePullSecrets',
  'frontend.image.digest', 'global.imageRegistry', 'backend.priorityClassName', 'database.postgres.extraEnvVarsSecret', 'frontend.extraEnvVarsCM',
  'frontend.service.loadBalancerClass', 'backend.service.externalTrafficPolicy', 'ingress.pathType', 'database.sqlite.existingClaim', 'frontend.serviceAccount.name', 'database.postgres.serviceAccount.name',
  'secrets.authSecretFrom.name', 'secrets.authSecretFrom.key', 'ai.mock.image.repository', 'ai.mock.image.tag', 'ai.mock.model',
];
const NUMBER_PATHS = [
  'frontend.replicaCount', 'backend.replicaCount', 'frontend.port', 'backend.service.port', 'frontend.service.nodePort', 'backend.service.nodePort',
  'frontend.podSecurityContext.runAsUser', 'backend.securityContext.runAsUser', 'frontend.pdb.minAvailable', 'podDisruptionBudget.minAvailable', 'frontend.autoscaling.minReplicas', 'backend.autoscaling.maxReplicas',
  'database.postgres.port', 'networkPolicy.externalDatabasePort', 'frontend.terminationGracePeriodSeconds', 'backend.revisionHistoryLimit',
  'frontend.autoscaling.targetMemoryUtilizationPercentage', 'backend.livenessProbe.successThreshold', 'frontend.readinessProbe.periodSeconds',
  'database.postgres.startupProbe.failureThreshold', 'frontend.shutdownDelaySeconds', 'backend.shutdownDelaySeconds', 'ai.mock.port',
];
const QUANTITY_PATHS = [
  'frontend.resources.requests.cpu', 'frontend.resources.limits.cpu', 'backend.resources.requests.memory', 'backend.resources.limits.memory',
  'database.postgres.resources.limits.cpu', 'database.sqlite.size',
];
const MAP_PATHS = [
  'ingress.annotations', 'frontend.env', 'backend.env', 'global', '__proto__', 'frontend', 'secrets.keys', 'commonLabels', 'commonAnnotations', 'frontend.podLabels',
  'backend.podAnnotations', 'database.postgres.nodeSelector', 'database.postgres.service.annotations', 'frontend.service.annotations', 'backend.affinity', 'frontend.customLivenessProbe',
];
/** Kubernetes objects in lists, valid or with one mistake the schema or a rule must catch. */
const LIST_PATHS = [
  'httpRoute.parentRefs', 'httpRoute.hostnames', 'networkPolicy.extraEgress', 'networkPolicy.extraIngress', 'ingress.extraHosts', 'ingress.extraTls', 'ingress.extraPaths', 'frontend.tolerations', 'backend.extraEnvVars', 'database.postgres.extraEnvVars', 'frontend.topologySpreadConstraints', 'imagePullSecrets', 'backend.extraVolumes',
  'frontend.extraVolumeMounts', 'backend.sidecars', 'database.postgres.initContainers',
];
const nastyList = fc.constantFrom<unknown>(
  [{ key: 'a', effct: 'NoSchedule' }], [{ operator: 'Exists' }], [{ name: 'EXTRA', value: 'x' }], [{ name: 'PORT', value: '1' }], [{ name: 'A', value: 'x' }, { name: 'A', value: 'y' }],
  [{ name: 'POSTGRES_DB', value: 'x' }], [{ name: '1x', value: 'x' }], [{ name: 'B', valueFrom: { fieldRef: { fieldPath: 5 } } }], [{ value: 'x' }], ['regcred', { name: 'other' }],
  [{ name: 'x' }], [{ nam: 'x' }], [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }], [{ maxSkew: '1' }], [null], 'x', {},
  [{ name: 'tmp', emptyDir: {} }], [{ name: 'extra', emptyDir: {} }], [{ name: 'h', hostPath: { path: '/' } }], [{ name: 'tmp', mountPath: '/scratch' }],
  [{ name: 'tmp', mountPath: '/tmp' }], [{ name: 'data', mountPath: '/db' }], [{ name: 'side', image: 'busybox:1.36', args: [] }], [{ name: 'postgres', image: 'busybox' }],
  [{ name: 'todo.local' }], [{ name: '10.1.2.3' }], ['10.1.2.3'], ['*.example.com'], [{ name: 'gw', port: 70000 }], [{ name: 'gw', kind: 'Gateway', group: '' }], [{ hosts: ['a.example.com'], secretName: 'a-tls' }], [{ path: '/x', pathType: 'Prefix', backend: { service: { name: 's', port: { number: 80 } } } }],
  [{ name: 'side', image: 'busybox', securityContext: {} }], [{ name: 'side', image: 'busybox', ports: [{ containerPort: 80, hostPort: 80 }] }],
  [{ name: 'side', image: 'busybox', ports: [{ name: 'admin_port', containerPort: 9901 }] }], [{ name: 'Side', image: 'busybox' }], [{ name: 'x.y', emptyDir: {} }],
);
const BOOLEAN_PATHS = [
  'ingress.enabled', 'podDisruptionBudget.enabled', 'frontend.pdb.create', 'backend.autoscaling.enabled', 'secrets.create', 'networkPolicy.enabled', 'backend.serviceAccount.create',
  'frontend.serviceAccount.automountServiceAccountToken', 'backend.readinessProbe.enabled', 'networkPolicy.allowExternalEgress', 'httpRoute.enabled',
];

/** One change to a configuration: a value at a path (null deletes it, as in Helm). */
const mutation = fc.oneof(
  fc.tuple(fc.constantFrom(...STRING_PATHS), nastyString),
  fc.tuple(fc.constantFrom(...NUMBER_PATHS), nastyNumber),
  fc.tuple(fc.constantFrom(...QUANTITY_PATHS), nastyQuantity),
  fc.tuple(fc.constantFrom(...MAP_PATHS), nastyMap),
  fc.tuple(fc.constantFrom(...LIST_PATHS), nastyList),
  fc.tuple(fc.constantFrom(...BOOLEAN_PATHS), fc.constantFrom<unknown>(true, false, 'true', 1, null)),
  fc.tuple(fc.constantFrom(...STRING_PATHS, ...NUMBER_PATHS, 'frontend.resources', 'nonsense', 'frontend.replicas'), fc.constantFrom<unknown>(null, 'x', 1, [], {})),
);

/** Release and namespace pairs, some at and past Kubernetes' limits. */
const TARGETS: ReadonlyArray<readonly [string, string]> = [
  ['todo-chatbot', 'todo-chatbot'],
  ['a', 'team-x'],
  [`r${'e'.repeat(52)}`, `n${'s'.repeat(62)}`],
  [`r${'e'.repeat(53)}`, 'todo-chatbot'],
  ['1abc', 'todo-chatbot'],
];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = target;
  for (const k of keys.slice(0, -1)) {
    const next = Object.hasOwn(cur, k) ? cur[k] : undefined;
    if (next === null || typeof next !== 'object' || Array.isArray(next)) Object.defineProperty(cur, k, { value: {}, enumerable: true, writable: true, configurable: true });
    cur = cur[k] as Record<string, unknown>;
  }
  Object.defineProperty(cur, keys[keys.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

export interface Sample {
  readonly text: string;
  readonly release: string;
  readonly namespace: string;
}

/** Mostly one or no change, so that both outcomes are common. */
const mutations = fc.oneof(
  { arbitrary: fc.constant([]), weight: 4 },
  { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.array(mutation, { minLength: 2, maxLength: 2 }), weight: 1 },
);
const target = fc.oneof(
  { arbitrary: fc.constant(TARGETS[0]), weight: 12 },
  { arbitrary: fc.constant(TARGETS[1]), weight: 5 },
  { arbitrary: fc.constantFrom(...TARGETS.slice(2)), weight: 1 },
);

const sampleArb: fc.Arbitrary<Sample> = fc
  .tuple(validConfig, mutations, picks, target, fc.nat(9))
  .map(([config, mutations, pick, [release, namespace], drop]) => {
    const values = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
    for (const [path, value] of mutations) setPath(values, path, value);
    // Now and then a sparse file, as most real ones are (database and backend stay: rules couple them).
    if (drop < 3) for (const k of Object.keys(values)) if ((k.length + drop) % 3 === 0 && k !== 'database' && k !== 'backend') delete values[k];
    return { text: valuesText(values, pick), release, namespace };
  });

/** The samples for a seed, split into `parts` and the `part`-th taken. */
export function paritySamples(count: number, seed: number, part: number, parts: number): Sample[] {
  const all = fc.sample(sampleArb, { numRuns: count, seed });
  return all.filter((_, i) => i % parts === part);
}

/** Secret keys whose value holds a generated one: PINNED writes "g" repeated, which no sample sets. */
function pinnedKeys(objects: any[]): Set<string> {
  const keys = new Set<string>();
  for (const o of objects.filter((x) => x.kind === 'Secret')) {
    for (const [k, v] of Object.entries<string>(o.data ?? {})) if (/g{16,}/.test(Buffer.from(v, 'base64').toString('utf-8'))) keys.add(k);
  }
  return keys;
}

type SynthOutcome = { readonly objects: any[]; readonly keys: ReadonlySet<string> } | { readonly error: string };

function synthOutcome(s: Sample): SynthOutcome {
  const file = tempFile('values.yaml', s.text);
  try {
    const result = render({ root: ROOT, valuesFiles: [file], release: s.release, namespace: s.namespace, generate: PINNED });
    const objects = JSON.parse(JSON.stringify(result.objects)) as any[];
    return { objects, keys: pinnedKeys(objects) };
  } catch (e) {
    if (e instanceof ConfigError) return { error: e.message };
    return { error: `CRASH ${(e as Error).stack}` };
  }
}

/** The key path a synth message is about: `a.b.c: ...`, `unknown key "a.b"...`, `values file F: ...` has none. */
export function messageKey(message: string): string | undefined {
  const unknown = /^unknown key "([^"]+)"/.exec(message);
  if (unknown) return unknown[1];
  const key = /^([A-Za-z_][\w./-]*(?:\[\d+\][\w./-]*)*|release name|namespace): /.exec(message);
  return key?.[1];
}

/** What is wrong with one sample, or '' when the property holds. */
function problemsOf(synth: SynthOutcome, helm: ReadonlyMap<HelmMajor, HelmOutcome>): string[] {
  const problems: string[] = [];
  for (const [major, h] of helm) {
    if ('error' in synth && synth.error.startsWith('CRASH')) {
      problems.push(`synth crashed: ${synth.error}`);
      break;
    }
    if ('objects' in synth && 'error' in h) problems.push(`synth accepts, helm ${major} refuses: ${h.error.trim()}`);
    else if ('error' in synth && 'objects' in h) problems.push(`synth refuses (${synth.error}), helm ${major} accepts`);
    else if ('error' in synth && 'error' in h) {
      const key = messageKey(synth.error);
      if (key === undefined) {
        // A file Helm cannot read either (e.g. YAML errors): nothing more to compare.
        continue;
      }
      // Helm 4 prints characters outside printable ASCII escaped, so only the printable parts of a key are looked for.
      const missing = key.split(/[./[\]]/).filter((part) => /^[ -~]+$/.test(part) && !h.error.includes(part));
      if (missing.length) problems.push(`synth refuses at ${key}, helm ${major} names something else: ${h.error.trim()}`);
    } else if ('objects' in synth && 'objects' in h) {
      problems.push(...compareManifests(synth.objects, h.objects, synth.keys).map((p) => `helm ${major}: ${p}`));
    }
  }
  if ('objects' in synth && !problems.length) {
    for (const version of K8S_VERSIONS) problems.push(...validateObjects(synth.objects, version));
    problems.push(...synth.objects.filter((o) => podSpecOf(o)).flatMap(podSecurityViolations));
    problems.push(...validityProblems(synth.objects));
  }
  return problems;
}

export interface ParityReport {
  readonly samples: number;
  readonly accepted: number;
  readonly failures: string[];
}

/** The messages of the rules across values, as synth words them. */
const RULE_MESSAGES = new Set(configRules(valueRefs(configSchema)).map((r) => `${r.path}: ${r.message}`));

/** Checks the property for the samples: one synth render each, batched helm renders per release and namespace. */
export async function checkParity(samples: readonly Sample[], seed: number, batch = 64): Promise<ParityReport> {
  const synth = samples.map(synthOutcome);
  const helm = samples.map(() => new Map<HelmMajor, HelmOutcome>());
  const jobs: Array<{ major: HelmMajor; idx: number[] }> = [];
  for (const [release, namespace] of TARGETS) {
    const idx = samples.map((s, i) => (s.release === release && s.namespace === namespace ? i : -1)).filter((i) => i >= 0);
    const expectAccepted = idx.filter((i) => 'objects' in synth[i]);
    // A file Helm cannot read at all stops a batch without saying whose it is: those render alone.
    const unreadable = (i: number) => 'error' in synth[i] && (synth[i] as { error: string }).error.startsWith('values file');
    // A rule's `fail` stops a whole render, so those render alone from the start; the schema names every failing copy at once.
    const byRule = (i: number) => 'error' in synth[i] && RULE_MESSAGES.has((synth[i] as { error: string }).error);
    const expectRefused = idx.filter((i) => !('objects' in synth[i]) && !unreadable(i) && !byRule(i));
    for (const major of HELM_MAJORS) {
      for (let k = 0; k < expectAccepted.length; k += batch) jobs.push({ major, idx: expectAccepted.slice(k, k + batch) });
      for (let k = 0; k < expectRefused.length; k += batch) jobs.push({ major, idx: expectRefused.slice(k, k + batch) });
      for (const i of idx.filter((j) => unreadable(j) || byRule(j))) jobs.push({ major, idx: [i] });
    }
  }
  await pool(jobs, 2, async ({ major, idx }) => {
    const first = samples[idx[0]];
    const outcomes = await helmTemplateMany(major, idx.map((i) => samples[i].text), first.release, first.namespace);
    outcomes.forEach((o, j) => helm[idx[j]].set(major, o));
  });
  const failures = samples.flatMap((s, i) => {
    const problems = problemsOf(synth[i], helm[i]);
    return problems.length ? [`sample ${i} (seed ${seed}, release ${s.release}, namespace ${s.namespace}):\n${s.text}\n  ${problems.join('\n  ')}`] : [];
  });
  return { samples: samples.length, accepted: synth.filter((o) => 'objects' in o).length, failures };
}

/** Samples and seed of a run: npm test's by default, TODO_CHATBOT_PARITY_SAMPLES and TODO_CHATBOT_PARITY_SEED choose others. */
export interface ParityRun {
  readonly count: number;
  readonly seed: number;
}
const QUICK: ParityRun = { count: 576, seed: 20261124 };
/** Test files the samples are split across, so that jest runs them on both cores. */
export const PARITY_PARTS = 2;

/** Defines the parity test for one part of the samples. */
export function parityTest(part: number, run: ParityRun = QUICK): void {
  const count = Number(process.env.TODO_CHATBOT_PARITY_SAMPLES ?? run.count);
  const seed = Number(process.env.TODO_CHATBOT_PARITY_SEED ?? run.seed);
  test(`parity part ${part + 1} of ${PARITY_PARTS}: synth, helm 3 and helm 4 agree on ${count} samples (seed ${seed})`, async () => {
    const report = await checkParity(paritySamples(count, seed, part, PARITY_PARTS), seed);
    expect(report.failures.slice(0, 5)).toEqual([]);
    // Both outcomes must be common, or the samples test little.
    expect(report.accepted).toBeGreaterThan(report.samples * 0.3);
    expect(report.accepted).toBeLessThan(report.samples * 0.9);
  }, 1200000);
}
