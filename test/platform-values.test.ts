// The platform knobs (scheduling, extra labels, annotations and environment,
// digests, a mirror registry, pull secrets in both shapes, Service types,
// memory autoscaling), all set at once: both outputs agree, the objects are
// valid and restricted, and each knob lands where a platform team expects it.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { ConfigInput, DEFAULT_CONFIG, loadConfig } from '../lib/config';
import { TodoChatbotChart } from '../lib/todo-chatbot-chart';
import { tempDir } from './support/tmp';
import { render } from '../lib/synth';
import { CHART_CONTAINERS, CHART_MOUNT_PATHS, CHART_VOLUMES } from '../lib/config/chart-keys';
import { compareManifests, generatedKeys } from './support/equivalence';
import { CHART, HELM_MAJORS, HelmMajor, helmTemplate, parseManifests, ROOT, runHelm, valuesFile } from './support/helm';
import { K8S_VERSIONS, validateObjects } from './support/k8s-schema';
import { validityProblems } from './support/k8s-validity';
import { validateHttpRoute } from './support/gateway-api-schema';
import { podSecurityViolations, podSpecOf } from './support/pod-security';
import { objectsOf, PINNED } from './support/render';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const REGISTRY = 'mirror.example.com:5000/cache';

function podKnobs(component: string) {
  return {
    serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::123456789012:role/todo-${component}` }, automountServiceAccountToken: true },
    podAnnotations: { 'vault.hashicorp.com/agent-inject': 'true', 'prometheus.io/scrape': 'true' },
    podLabels: { 'sidecar.istio.io/inject': 'true', team: component },
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'todo', effect: 'NoSchedule' }],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/component': component } } } },
        ],
      },
    },
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
      { maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { zone: 'spread' } } },
    ],
    priorityClassName: 'high-priority',
    terminationGracePeriodSeconds: 45,
    extraEnvVars: [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'EXTRA_TOKEN', valueFrom: { secretKeyRef: { name: 'extra', key: 'token', optional: true } } },
    ],
    extraEnvVarsSecret: `${component}-extra-secret`,
    extraEnvVarsCM: `${component}-extra-config`,
    extraVolumes: [
      { name: 'certs', secret: { secretName: 'ca-bundle', defaultMode: 0o444 } },
      { name: 'shared', emptyDir: { sizeLimit: '64Mi' } },
    ],
    extraVolumeMounts: [
      { name: 'certs', mountPath: '/etc/ssl/extra', readOnly: true },
      { name: 'shared', mountPath: '/shared' },
    ],
    // Empty fields too: Helm's merge must keep them as they are.
    initContainers: [{ name: 'wait', image: 'busybox:1.36', command: ['sh', '-c', 'true'], args: [], workingDir: '', volumeMounts: [{ name: 'shared', mountPath: '/shared' }] }],
    sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31', ports: [{ name: 'admin', containerPort: 9901 }], stdin: false, resources: { limits: { memory: '64Mi' } } }],
  };
}

const EVERYTHING: ConfigInput = {
  global: { imageRegistry: REGISTRY },
  imagePullSecrets: ['regcred', { name: 'mirror-cred' }],
  commonLabels: { 'example.com/cost-center': 'c42' },
  commonAnnotations: { 'example.com/owner': 'platform-team' },
  httpRoute: {
    enabled: true,
    parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }],
    hostnames: ['todo.example.com', '*.todo.example.com'],
    annotations: { 'example.com/route': 'main' },
  },
  ingress: {
    className: '',
    host: 'todo.example.com',
    pathType: 'ImplementationSpecific',
    tls: { enabled: true },
    extraHosts: [{ name: 'www.todo.example.com' }],
    extraTls: [{ hosts: ['www.todo.example.com'], secretName: 'www-tls' }],
    extraPaths: [{ path: '/healthz', pathType: 'Exact', backend: { service: { name: 'edge-health', port: { number: 8080 } } } }],
  },
  frontend: {
    ...podKnobs('frontend'),
    image: { digest: DIGEST },
    replicaCount: 2,
    revisionHistoryLimit: 3,
    updateStrategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
    startupProbe: { enabled: false },
    readinessProbe: { initialDelaySeconds: 5, periodSeconds: 7, timeoutSeconds: 2, failureThreshold: 4, successThreshold: 2 },
    customLivenessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 30 },
    // OpenShift assigns the user and group.
    podSecurityContext: { runAsUser: null as never, runAsGroup: null as never, fsGroupChangePolicy: 'Always' },
    containerSecurityContext: { readOnlyRootFilesystem: false, capabilities: { add: ['NET_BIND_SERVICE'] } },
    autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4, targetMemoryUtilizationPercentage: 80 },
    pdb: { create: true, minAvailable: 1 },
    service: {
      type: 'LoadBalancer',
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
      loadBalancerClass: 'service.k8s.aws/nlb',
      externalTrafficPolicy: 'Local',
    },
  },
  backend: {
    ...podKnobs('backend'),
    image: { digest: DIGEST },
    replicaCount: 2,
    service: { type: 'NodePort', nodePort: 30080, externalTrafficPolicy: 'Cluster' },
    pdb: { create: true, maxUnavailable: '50%' },
    updateStrategy: { type: 'Recreate' },
  },
  database: { mode: 'postgres', postgres: { ...podKnobs('database'), image: { digest: DIGEST }, serviceAccount: { create: false, name: 'platform-db' }, pdb: { create: true },
      service: { annotations: { 'example.com/db': 'main' } },
      revisionHistoryLimit: 5,
      updateStrategy: { type: 'OnDelete' },
    },
  },
};

const RELEASE = { release: 'todo-chatbot', namespace: 'todo-chatbot' };
const objects = objectsOf({ values: EVERYTHING });
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
const workload = (name: string) => objects.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === `todo-chatbot-${name}`);
const WORKLOADS = { frontend: 'frontend', backend: 'backend', database: 'postgres' } as const;

describe.each(HELM_MAJORS)('helm %i with every platform value set', (major: HelmMajor) => {
  test('lint --strict passes', async () => {
    const r = await runHelm(major, ['lint', '--strict', CHART, '-f', valuesFile(EVERYTHING)]);
    expect(r.stderr + r.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  test('helm template equals synth, validates strictly, passes Pod Security', async () => {
    const { objects: rendered, result } = await helmTemplate(major, { ...RELEASE, valuesFiles: [valuesFile(EVERYTHING)] });
    expect(result.stderr).toBe('');
    expect(compareManifests(objects, rendered, generatedKeys(loadConfig({ layers: [EVERYTHING] })))).toEqual([]);
    for (const version of K8S_VERSIONS) expect(validateObjects(rendered, version)).toEqual([]);
    expect(validityProblems(rendered)).toEqual([]);
    expect(rendered.filter((o) => podSpecOf(o)).flatMap(podSecurityViolations)).toEqual([]);
    // The test hook pod pulls with the same secrets and from the same registry.
    const hook = rendered.find((o) => o.kind === 'Pod');
    expect(hook.spec.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'mirror-cred' }]);
    expect(hook.spec.containers[0].image).toBe(`${REGISTRY}/todo-backend@${DIGEST}`);
  });
});

describe('where each platform value lands', () => {
  test.each(Object.entries(WORKLOADS))('%s: images by digest from the mirror registry, pulled with both secret shapes', (component, name) => {
    const spec = workload(name).spec.template.spec;
    const repository = { frontend: 'todo-frontend', backend: 'todo-backend', database: 'postgres' }[component];
    expect(spec.containers[0].image).toBe(`${REGISTRY}/${repository}@${DIGEST}`);
    expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'mirror-cred' }]);
  });

  test.each(Object.entries(WORKLOADS))('%s: scheduling fields as given; spread constraints get the selector when they have none', (component, name) => {
    const knobs = podKnobs(component);
    const w = workload(name);
    const spec = w.spec.template.spec;
    expect(spec.nodeSelector).toEqual(knobs.nodeSelector);
    expect(spec.tolerations).toEqual(knobs.tolerations);
    expect(spec.affinity).toEqual(knobs.affinity);
    expect(spec.priorityClassName).toBe('high-priority');
    expect(spec.terminationGracePeriodSeconds).toBe(45);
    expect(spec.topologySpreadConstraints).toEqual([
      { ...knobs.topologySpreadConstraints[0], labelSelector: { matchLabels: w.spec.selector.matchLabels } },
      knobs.topologySpreadConstraints[1],
    ]);
  });

  test.each(Object.entries(WORKLOADS))('%s: pod labels and annotations added, never in the selector', (component, name) => {
    const w = workload(name);
    const meta = w.spec.template.metadata;
    expect(meta.labels).toMatchObject({ ...podKnobs(component).podLabels, 'example.com/cost-center': 'c42' });
    expect(meta.annotations).toMatchObject(podKnobs(component).podAnnotations);
    expect(Object.keys(w.spec.selector.matchLabels).sort()).toEqual(['app.kubernetes.io/component', 'app.kubernetes.io/instance', 'app.kubernetes.io/name']);
    for (const [k, v] of Object.entries(w.spec.selector.matchLabels)) expect(meta.labels[k]).toBe(v);
  });

  test.each(Object.entries(WORKLOADS))('%s: extra variables come after the chart\'s, and envFrom reads the Secret and ConfigMap', (component, name) => {
    const container = workload(name).spec.template.spec.containers[0];
    const extra = podKnobs(component).extraEnvVars;
    expect(container.env.slice(-extra.length)).toEqual(extra);
    expect(container.env.length).toBeGreaterThan(extra.length);
    expect(container.envFrom).toEqual([{ configMapRef: { name: `${component}-extra-config` } }, { secretRef: { name: `${component}-extra-secret` } }]);
  });

  test('every object carries commonLabels and commonAnnotations; objects keep their own annotations first', () => {
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) {
      expect({ name: o.metadata.name, kind: o.kind, label: o.metadata.labels['example.com/cost-center'] }).toEqual({ name: o.metadata.name, kind: o.kind, label: 'c42' });
      expect({ name: o.metadata.name, kind: o.kind, owner: o.metadata.annotations?.['example.com/owner'] }).toEqual({ name: o.metadata.name, kind: o.kind, owner: 'platform-team' });
    }
    const frontendService = byKind('Service').find((s) => s.metadata.name === 'todo-chatbot-frontend');
    expect(frontendService.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
  });

  test('Services: LoadBalancer with its class and traffic policy; NodePort with its port and policy', () => {
    const svc = (name: string) => byKind('Service').find((s) => s.metadata.name === `todo-chatbot-${name}`).spec;
    expect(svc('frontend')).toMatchObject({ type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb', externalTrafficPolicy: 'Local' });
    expect(svc('backend')).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Cluster' });
    expect(svc('backend').ports[0].nodePort).toBe(30080);
    expect(svc('backend').loadBalancerClass).toBeUndefined();
  });

  test('the frontend autoscaler aims at memory as well as CPU; revisionHistoryLimit and the update strategy are kept', () => {
    const hpa = byKind('HorizontalPodAutoscaler').find((h) => h.metadata.name === 'todo-chatbot-frontend');
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([
      ['cpu', 75],
      ['memory', 80],
    ]);
    expect(workload('frontend').spec.revisionHistoryLimit).toBe(3);
    expect(workload('frontend').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } });
    expect(workload('backend').spec.strategy).toEqual({ type: 'Recreate' });
    const defaults = objectsOf({});
    const defaultHpa = objectsOf({ values: { frontend: { autoscaling: { enabled: true } } } }).find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(defaultHpa.spec.metrics.map((m: any) => m.resource.name)).toEqual(['cpu']);
    expect(defaults.find((o) => o.kind === 'Deployment').spec.revisionHistoryLimit).toBe(10);
  });

  test.each(Object.entries(WORKLOADS))('%s: extra volumes and mounts after the chart\'s; sidecars and init containers get the container security context', (component, name) => {
    const knobs = podKnobs(component);
    const spec = workload(name).spec.template.spec;
    expect(spec.volumes.slice(-2)).toEqual(knobs.extraVolumes);
    expect(spec.containers[0].volumeMounts.slice(-2)).toEqual(knobs.extraVolumeMounts);
    const securityContext = spec.containers[0].securityContext;
    expect(spec.containers.slice(1)).toEqual([{ ...knobs.sidecars[0], securityContext }]);
    expect(spec.initContainers).toEqual([{ ...knobs.initContainers[0], securityContext }]);
  });

  test('a removed user and group are left to the cluster; the container context follows its values', () => {
    const spec = workload('frontend').spec.template.spec;
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, fsGroupChangePolicy: 'Always', seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: false,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(workload('backend').spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
  });

  test.each(['sqlite', 'postgres'])('the reserved volume, mount and container names are those the chart uses (%s)', (mode) => {
    const rendered = objectsOf({ values: { database: { mode: mode as 'sqlite' } } });
    const keys = { frontend: 'frontend', backend: 'backend', database: 'database.postgres' } as const;
    for (const [component, name] of Object.entries(WORKLOADS)) {
      const w = rendered.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === `todo-chatbot-${name}`);
      if (!w) continue;
      const key = keys[component as keyof typeof keys];
      const spec = w.spec.template.spec;
      const volumes = [...spec.volumes, ...(w.spec.volumeClaimTemplates ?? []).map((t: any) => t.metadata)].map((v: any) => v.name);
      expect(CHART_VOLUMES[key]).toEqual(expect.arrayContaining(volumes));
      const sqliteDir = '/data';
      expect([...CHART_MOUNT_PATHS[key], sqliteDir]).toEqual(expect.arrayContaining(spec.containers[0].volumeMounts.map((m: any) => m.mountPath)));
      expect(spec.containers.map((c: any) => c.name)).toEqual([CHART_CONTAINERS[key]]);
    }
  });

  test('service accounts: created with their annotations and token setting, or the one named when not created', () => {
    const accounts = byKind('ServiceAccount');
    expect(accounts.map((a) => a.metadata.name).sort()).toEqual(['todo-chatbot-backend', 'todo-chatbot-frontend']);
    for (const a of accounts) {
      expect(a.automountServiceAccountToken).toBe(true);
      expect(a.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::123456789012:role\/todo-(frontend|backend)$/);
    }
    expect(workload('frontend').spec.template.spec).toMatchObject({ serviceAccountName: 'todo-chatbot-frontend', automountServiceAccountToken: true });
    expect(workload('postgres').spec.template.spec).toMatchObject({ serviceAccountName: 'platform-db' });
    const notCreated = objectsOf({ values: { frontend: { serviceAccount: { create: false } } } });
    expect(notCreated.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-chatbot-frontend').spec.template.spec.serviceAccountName).toBe('default');
    expect(notCreated.filter((o) => o.kind === 'ServiceAccount').map((a) => a.metadata.name)).toEqual(['todo-chatbot-backend']);
  });

  test('probes: one off, one retimed, one replaced whole; the others keep the chart\'s', () => {
    const c = workload('frontend').spec.template.spec.containers[0];
    expect(c.startupProbe).toBeUndefined();
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 7, timeoutSeconds: 2, failureThreshold: 4, successThreshold: 2 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 30 });
    const b = workload('backend').spec.template.spec.containers[0];
    expect(b.livenessProbe).toEqual({ httpGet: { path: '/health', port: 'http' }, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 });
    expect(workload('postgres').spec.template.spec.containers[0].startupProbe).toMatchObject({ exec: { command: expect.arrayContaining(['pg_isready']) }, failureThreshold: 60 });
  });

  test('disruption budgets per workload: minAvailable, maxUnavailable, or one pod at a time', () => {
    const pdb = (name: string) => byKind('PodDisruptionBudget').find((p) => p.metadata.name === `todo-chatbot-${name}`).spec;
    expect(pdb('frontend')).toEqual({ minAvailable: 1, selector: { matchLabels: workload('frontend').spec.selector.matchLabels } });
    expect(pdb('backend')).toEqual({ maxUnavailable: '50%', selector: { matchLabels: workload('backend').spec.selector.matchLabels } });
    expect(pdb('postgres')).toEqual({ maxUnavailable: 1, selector: { matchLabels: workload('postgres').spec.selector.matchLabels } });
    expect(objectsOf({}).filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  test('ingress: the cluster\'s default class, extra hosts with the same paths, extra certificates, extra paths first', () => {
    const spec = byKind('Ingress')[0].spec;
    expect(spec.ingressClassName).toBeUndefined();
    expect(spec.tls).toEqual([{ hosts: ['todo.example.com'], secretName: 'todo-chatbot-tls' }, { hosts: ['www.todo.example.com'], secretName: 'www-tls' }]);
    expect(spec.rules.map((r: any) => r.host)).toEqual(['todo.example.com', 'www.todo.example.com']);
    expect(spec.rules[0].http.paths.map((p: any) => [p.path, p.pathType])).toEqual([['/healthz', 'Exact'], ['/api', 'ImplementationSpecific'], ['/', 'ImplementationSpecific']]);
    expect(spec.rules[1].http.paths).toEqual(spec.rules[0].http.paths.slice(1));
  });

  test('an existing claim for SQLite: no claim of the chart\'s, the backend mounts the one named', () => {
    const rendered = objectsOf({ values: { database: { sqlite: { existingClaim: 'todo-data' } } } });
    expect(rendered.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    const backend = rendered.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-chatbot-backend');
    expect(backend.spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'todo-data' } });
    expect(objectsOf({}).filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => o.metadata.name)).toEqual(['todo-chatbot-sqlite']);
  });

  test.each([
    ['', [{ ipBlock: { cidr: '0.0.0.0/0' } }], 443],
    ['https://llm.example.com:8443/v1', [{ ipBlock: { cidr: '0.0.0.0/0' } }], 8443],
    ['http://mock-llm:8080/v1', [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'todo-chatbot' } } }], 8080],
    ['http://vllm.models.svc.cluster.local/v1', [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'models' } } }], 80],
  ])('the backend reaches the LLM at %j: %j on port %i', (baseUrl, to, port) => {
    const rendered = objectsOf({ values: { ai: { baseUrl } } });
    const backend = rendered.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'todo-chatbot-backend');
    expect(backend.spec.egress).toEqual([{ to, ports: [{ protocol: 'TCP', port }] }]);
  });

  test('network policies: the default deny selects only this release\'s pods; no internet when switched off; extra rules for every pod', () => {
    const rule = { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 3128 }] };
    const from = { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] };
    const rendered = objectsOf({ values: { database: { mode: 'external' }, secrets: { databaseUrl: 'postgresql://u:p@db.example.com/todo' }, networkPolicy: { allowExternalEgress: false, extraEgress: [rule], extraIngress: [from] } } });
    const policy = (name: string) => rendered.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `todo-chatbot-${name}`).spec;
    expect(policy('default-deny').podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/instance': 'todo-chatbot' } });
    expect(policy('backend').egress).toEqual([]);
    expect(policy('extra')).toEqual({ podSelector: policy('default-deny').podSelector, policyTypes: ['Ingress', 'Egress'], ingress: [from], egress: [rule] });
    expect(objectsOf({}).filter((o) => o.metadata.name === 'todo-chatbot-extra')).toEqual([]);
  });

  test('the HTTPRoute: /api to the backend Service, / to the frontend\'s, on the Gateway named; valid for its CRD', () => {
    const route = byKind('HTTPRoute')[0];
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.metadata.annotations).toEqual({ 'example.com/route': 'main', 'example.com/owner': 'platform-team' });
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }],
      hostnames: ['todo.example.com', '*.todo.example.com'],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'todo-chatbot-backend', port: 8000 }] },
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'todo-chatbot-frontend', port: 3000 }] },
      ],
    });
    expect(validateHttpRoute(route)).toEqual([]);
    expect(validateHttpRoute({ ...route, spec: { ...route.spec, hostnames: ['Todo.Example.com'] } })).not.toEqual([]);
    expect(objectsOf({}).filter((o) => o.kind === 'HTTPRoute')).toEqual([]);
  });

  test('nameOverride: the name label and every selector use it; object names stay', () => {
    const rendered = objectsOf({ values: { nameOverride: 'chat', database: { mode: 'postgres' } } });
    const defaults = objectsOf({ values: { database: { mode: 'postgres' } } });
    expect(rendered.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(defaults.map((o) => `${o.kind}/${o.metadata.name}`));
    for (const o of rendered) {
      expect(o.metadata.labels['app.kubernetes.io/name']).toBe('chat');
      const selector = o.spec?.selector?.matchLabels ?? (o.kind === 'Service' ? o.spec.selector : o.kind === 'NetworkPolicy' ? o.spec.podSelector.matchLabels : undefined);
      if (selector) expect(selector['app.kubernetes.io/name']).toBe('chat');
    }
  });

  test.each(HELM_MAJORS)('helm %i: helm.sh/chart is cut to a label value, as synth cuts it, for a long chart version', async (major) => {
    // Cut at 63 characters, the label would end with a ".", which the cut then drops.
    const version = '1.2.3-rc.1+build.20261206.abcdefabcdefabcdefabcde.fgh';
    const chart = path.join(tempDir('long-version'), 'todo-chatbot');
    fs.cpSync(CHART, chart, { recursive: true });
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf-8').replace(/^version: .*$/m, `version: ${version}`));
    const { objects: rendered } = await helmTemplate(major, { ...RELEASE, chart });
    const synthLabels = new TodoChatbotChart(new App(), 'todo-chatbot', { config: DEFAULT_CONFIG, version, generate: PINNED }).toJson().map((o: any) => o.metadata.labels['helm.sh/chart']);
    const label = rendered[0].metadata.labels['helm.sh/chart'];
    expect(label).toBe('todo-chatbot-1.2.3-rc.1_build.20261206.abcdefabcdefabcdefabcde');
    expect(label.length).toBeLessThanOrEqual(63);
    expect(new Set(synthLabels)).toEqual(new Set([label]));
  });

  test('PostgreSQL: its Service annotations, revision history and update strategy', () => {
    const sts = workload('postgres');
    expect(sts.spec.revisionHistoryLimit).toBe(5);
    expect(sts.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    const svc = byKind('Service').find((s) => s.metadata.name === 'todo-chatbot-postgres');
    expect(svc.metadata.annotations).toEqual({ 'example.com/db': 'main', 'example.com/owner': 'platform-team' });
    expect(svc.spec.clusterIP).toBe('None');
  });

  test('a parent chart\'s other global values change nothing', () => {
    expect(objectsOf({ values: { global: { team: { name: 'a' }, storageClass: 'fast' } } })).toEqual(objectsOf({}));
  });

  test('without these values the workloads carry none of the optional fields', () => {
    for (const o of objectsOf({ values: { database: { mode: 'postgres' } } }).filter((x) => podSpecOf(x) && x.kind !== 'Pod')) {
      const spec = podSpecOf(o);
      for (const field of ['nodeSelector', 'tolerations', 'affinity', 'topologySpreadConstraints', 'priorityClassName', 'imagePullSecrets']) expect({ o: o.metadata.name, field, v: spec[field] }).toEqual({ o: o.metadata.name, field, v: undefined });
      expect(spec.containers[0].envFrom).toBeUndefined();
      expect(spec.containers[0].image).toMatch(/^[a-z-]+:[^@]+$/);
    }
  });
});

describe('the platform values example of the README', () => {
  const file = path.join(ROOT, 'examples', 'platform-values.yaml');
  const production = path.join(CHART, 'values-production.yaml');
  const synthObjects = () => parseManifests(render({ root: ROOT, profile: 'production', valuesFiles: [file], generate: PINNED }).manifests);

  test('README.md shows examples/platform-values.yaml as it is', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
    const block = /<!-- platform-values:start -->\n```yaml\n([\s\S]*?)```\n<!-- platform-values:end -->/.exec(readme);
    expect(block?.[1]).toBe(fs.readFileSync(file, 'utf-8'));
  });

  test.each(HELM_MAJORS)('helm %i with the production profile: lint --strict, equal to synth, valid, restricted', async (major) => {
    const lint = await runHelm(major, ['lint', '--strict', CHART, '-f', production, '-f', file]);
    expect(lint.stderr + lint.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    const { objects: rendered, result } = await helmTemplate(major, { ...RELEASE, valuesFiles: [production, file] });
    expect(result.stderr).toBe('');
    const config = loadConfig({ profile: 'production', valuesFiles: [file] });
    expect(compareManifests(synthObjects(), rendered, generatedKeys(config))).toEqual([]);
    for (const version of K8S_VERSIONS) expect(validateObjects(rendered, version)).toEqual([]);
    expect(validityProblems(rendered)).toEqual([]);
    expect(rendered.filter((o) => podSpecOf(o)).flatMap(podSecurityViolations)).toEqual([]);
    // What the file asks for is there: the mirror and digest, the Gateway route, the spread from the profile.
    const backend = rendered.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-chatbot-backend');
    expect(backend.spec.template.spec.containers[0].image).toMatch(/^harbor\.example\.com\/mirror\/todo\/todo-backend@sha256:[0-9a-f]{64}$/);
    expect(backend.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' });
    expect(rendered.filter((o) => o.kind === 'HTTPRoute')).toHaveLength(1);
    expect(rendered.filter((o) => o.kind === 'Ingress')).toEqual([]);
  });
});

