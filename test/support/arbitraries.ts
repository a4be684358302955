/** fast-check generators of valid configurations that cover every key, enum value and toggle. */
import fc from 'fast-check';
import { ConfigInput, loadConfig } from '../../lib/config';

const UNITS = {
  cpu: [['m', 1], ['', 1000]] as const,
  memory: [['Mi', 1], ['Gi', 1024]] as const,
};

/** A request and a limit at least as large, in random but valid notations. */
const requestAndLimit = (kind: 'cpu' | 'memory') =>
  fc.tuple(fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 0, max: 4000 }), fc.boolean(), fc.boolean()).map(([req, extra, reqUnit, limUnit]) => {
    const base = kind === 'cpu' ? 'm' : 'Mi';
    const big = UNITS[kind][1];
    const fmt = (n: number, useBig: boolean) => (useBig && n % big[1] === 0 ? (big[0] === '' ? n / big[1] : `${n / big[1]}${big[0]}`) : `${n}${base}`);
    return { request: fmt(req, reqUnit), limit: fmt(req + extra, limUnit) };
  });

const resources = fc.record({ cpu: requestAndLimit('cpu'), memory: requestAndLimit('memory') }).map(({ cpu, memory }) => ({
  requests: { cpu: cpu.request, memory: memory.request },
  limits: { cpu: cpu.limit, memory: memory.limit },
}));

const dnsLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/);
const text = fc.string({ maxLength: 20 });
const image = (repo: string) =>
  fc.record({
    repository: fc.constantFrom(repo, `registry.example.com:5000/acme/${repo}`, `ghcr.io/acme/${repo}`),
    tag: fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,15}$/),
    pullPolicy: fc.constantFrom('Always', 'IfNotPresent', 'Never'),
    digest: fc.constantFrom('', DIGEST),
  });
const uid = fc.integer({ min: 1, max: 2147483647 });
const DIGEST = `sha256:${'a1b2c3d4'.repeat(8)}`;
const labelValue = fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?)?$/);
const labelMap = fc.dictionary(fc.constantFrom('team', 'example.com/tier', 'sidecar.istio.io/inject', 'kubernetes.io/os'), labelValue, { maxKeys: 2 });
const annotationMap = fc.dictionary(fc.constantFrom('prometheus.io/scrape', 'vault.hashicorp.com/role', 'example.com/note'), text, { maxKeys: 2 });

/** Security contexts within Pod Security "restricted"; null user ids leave them to the cluster (OpenShift). */
const securityContexts = {
  pod: fc.record(
    { runAsUser: fc.oneof(uid, fc.constant(null)), runAsGroup: fc.oneof(uid, fc.constant(null)), fsGroupChangePolicy: fc.constantFrom('OnRootMismatch', 'Always') },
    { requiredKeys: [] },
  ),
  container: fc.record(
    { readOnlyRootFilesystem: fc.boolean(), capabilities: fc.constantFrom({}, { add: ['NET_BIND_SERVICE'] }), privileged: fc.constant(false), seccompProfile: fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Localhost', localhostProfile: 'profiles/todo.json' }) },
    { requiredKeys: [] },
  ),
};

const probeTiming = (successThreshold: fc.Arbitrary<number>) =>
  fc.record(
    {
      enabled: fc.boolean(),
      initialDelaySeconds: fc.integer({ min: 0, max: 60 }),
      periodSeconds: fc.integer({ min: 1, max: 60 }),
      timeoutSeconds: fc.integer({ min: 1, max: 30 }),
      failureThreshold: fc.integer({ min: 1, max: 50 }),
      successThreshold,
    },
    { requiredKeys: [] },
  );
const probeValues = fc.record(
  {
    startupProbe: probeTiming(fc.constant(1)),
    readinessProbe: probeTiming(fc.integer({ min: 1, max: 3 })),
    livenessProbe: probeTiming(fc.constant(1)),
    customStartupProbe: fc.constantFrom({}, { tcpSocket: { port: 'http' }, failureThreshold: 60 }),
    customReadinessProbe: fc.constantFrom({}, { exec: { command: ['true'] } }),
    customLivenessProbe: fc.constantFrom({}, { httpGet: { path: '/live', port: 8080 }, periodSeconds: 15 }),
  },
  { requiredKeys: [] },
);

/** Where and how pods run: values as platform teams write them. */
const podKnobs = (component: string) => fc.record({
  probes: probeValues,
  pdb: fc.oneof(
    fc.record({ create: fc.boolean(), minAvailable: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('25%', '50%', '100%')) }),
    fc.record({ create: fc.boolean(), maxUnavailable: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom('0%', '50%')) }),
    fc.record({ create: fc.boolean() }),
  ),
  serviceAccount: fc.record(
    {
      create: fc.boolean(),
      name: fc.constantFrom('', `${component}-identity`),
      annotations: fc.constantFrom({}, { 'eks.amazonaws.com/role-arn': `arn:aws:iam::123456789012:role/${component}` }),
      automountServiceAccountToken: fc.boolean(),
    },
    { requiredKeys: [] },
  ).map((a) => (a.create === false ? { ...a, annotations: {} } : a)),
  podAnnotations: annotationMap,
  podLabels: labelMap,
  nodeSelector: labelMap,
  tolerations: fc.subarray([
    { key: 'dedicated', operator: 'Equal', value: 'todo', effect: 'NoSchedule' },
    { operator: 'Exists' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
  ]),
  affinity: fc.constantFrom(
    {},
    { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }] }] } } },
    { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } } }] } },
  ),
  topologySpreadConstraints: fc.subarray([
    { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
    { maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { tier: 'web' } } },
  ]),
  priorityClassName: fc.constantFrom('', 'high-priority'),
  terminationGracePeriodSeconds: fc.integer({ min: 0, max: 3600 }),
  extraEnvVars: fc.subarray([
    { name: 'EXTRA_LOG_LEVEL', value: 'debug' },
    { name: 'EXTRA_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'EXTRA_TOKEN', valueFrom: { secretKeyRef: { name: 'extra', key: 'token', optional: true } } },
  ]),
  extraEnvVarsSecret: fc.constantFrom('', 'extra-secret'),
  extraEnvVarsCM: fc.constantFrom('', 'extra-config'),
  extraVolumes: fc.subarray([
    { name: 'extra-certs', secret: { secretName: 'ca-bundle', optional: true } },
    { name: 'extra-scratch', emptyDir: {} },
  ]),
  initContainers: fc.subarray([{ name: 'init-wait', image: 'busybox:1.36', command: ['true'], args: [] }]),
  sidecars: fc.subarray([{ name: 'side-proxy', image: 'envoyproxy/envoy:v1.31', ports: [{ name: 'admin', containerPort: 9901 }] }]),
}).chain(({ probes, ...k }) =>
  // Mounts of the tmp volume, or of extra ones that exist.
  fc.subarray([{ name: 'tmp', mountPath: '/scratch/a' }, ...k.extraVolumes.map((vol, i) => ({ name: vol.name, mountPath: `/extra/${i}` }))]).map((extraVolumeMounts) => ({ ...k, ...probes, extraVolumeMounts })),
);

const component = (repo: string, names: string[]) =>
  fc.record({
    image: image(repo),
    replicaCount: fc.integer({ min: 0, max: 5 }),
    port: fc.integer({ min: 1024, max: 65535 }),
    healthPath: fc.constantFrom('/', '/health', '/api/healthz', '/status/ready'),
    resources,
    service: fc.oneof(
      fc.record({ type: fc.constant('ClusterIP' as const), port: fc.integer({ min: 1, max: 65535 }), nodePort: fc.constant(0), annotations: annotationMap }),
      fc.record({
        type: fc.constant('NodePort' as const),
        port: fc.integer({ min: 1, max: 65535 }),
        nodePort: fc.oneof(fc.constant(0), fc.integer({ min: 30000, max: 32767 })),
        externalTrafficPolicy: fc.constantFrom('', 'Cluster', 'Local'),
      }),
      fc.record({
        type: fc.constant('LoadBalancer' as const),
        port: fc.integer({ min: 1, max: 65535 }),
        nodePort: fc.oneof(fc.constant(0), fc.integer({ min: 30000, max: 32767 })),
        annotations: annotationMap,
        loadBalancerClass: fc.constantFrom('', 'service.k8s.aws/nlb'),
        externalTrafficPolicy: fc.constantFrom('', 'Cluster', 'Local'),
      }),
    ),
    autoscaling: fc
      .record({
        enabled: fc.boolean(),
        minReplicas: fc.integer({ min: 1, max: 5 }),
        extra: fc.integer({ min: 0, max: 5 }),
        targetCPUUtilizationPercentage: fc.integer({ min: 1, max: 100 }),
        targetMemoryUtilizationPercentage: fc.constantFrom(0, 60, 100),
      })
      .map(({ extra, ...a }) => ({ ...a, maxReplicas: a.minReplicas + extra })),
    env: fc.dictionary(envName, text, { maxKeys: 3 }),
    envNames: fc.record(Object.fromEntries(names.map((n) => [n, envName])), { requiredKeys: [] }),
    podSecurityContext: securityContexts.pod,
    containerSecurityContext: securityContexts.container,
    revisionHistoryLimit: fc.integer({ min: 0, max: 20 }),
    shutdownDelaySeconds: fc.constantFrom(0, 5, 20),
    updateStrategy: fc.oneof(
      fc.record({ type: fc.constantFrom('', 'RollingUpdate'), rollingUpdate: fc.record({ maxSurge: fc.constantFrom(1, 2, '25%'), maxUnavailable: fc.constantFrom(0, 1, '10%') }) }),
      fc.record({ type: fc.constant('Recreate') }),
    ),
  })
    .chain((c) => podKnobs(repo).map((k) => ({ ...c, ...k })));

/** Distinct Secret key names. */
const secretKeys = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9._-]{0,12}$/), { minLength: 5, maxLength: 5 })
  .map(([authSecret, databaseUrl, openaiApiKey, groqApiKey, postgresPassword]) => ({ authSecret, databaseUrl, openaiApiKey, groqApiKey, postgresPassword }));

export const validConfig: fc.Arbitrary<ConfigInput> = fc
  .record({
    fullnameOverride: fc.oneof(fc.constant(''), dnsLabel),
    nameOverride: fc.constantFrom('', 'chat'),
    imagePullSecrets: fc.array(fc.oneof(dnsLabel, dnsLabel.map((name) => ({ name }))), { maxLength: 2 }),
    global: fc.record({ imageRegistry: fc.constantFrom('', 'mirror.example.com', 'registry.local:5000/cache') }),
    commonLabels: fc.dictionary(fc.constantFrom('team', 'example.com/cost-center'), labelValue, { maxKeys: 2 }),
    commonAnnotations: annotationMap,
    publicUrl: fc.constantFrom('', 'https://chat.example.com', 'http://localhost:8080'),
    frontend: component('todo-frontend', ['port', 'hostname', 'backendUrl', 'publicApiUrl', 'authSecret', 'authUrl']),
    backend: component('todo-backend', ['port', 'databaseUrl', 'authSecret', 'openaiApiKey', 'groqApiKey', 'aiProvider', 'aiModel', 'aiBaseUrl', 'corsOrigins']),
    database: fc.record({
      mode: fc.constantFrom('sqlite', 'postgres', 'external'),
      sqlite: fc.record({ size: fc.constantFrom('1Gi', '500Mi', '2G', 10737418240), storageClass: fc.constantFrom('', 'standard', 'fast-ssd'), existingClaim: fc.constantFrom('', '', 'todo-data'), path: fc.constantFrom('/data/todo.db', '/var/lib/todo/app.sqlite') }),
      postgres: fc.record({
        image: image('postgres'),
        size: fc.constantFrom('2Gi', '10Gi'),
        storageClass: fc.constantFrom('', 'standard'),
        database: fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/),
        username: fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/),
        port: fc.integer({ min: 1, max: 65535 }),
        resources,
        podSecurityContext: securityContexts.pod,
        containerSecurityContext: securityContexts.container,
        service: fc.record({ annotations: annotationMap }),
        revisionHistoryLimit: fc.integer({ min: 0, max: 20 }),
        updateStrategy: fc.record({ type: fc.constantFrom('RollingUpdate', 'OnDelete') }),
      }).chain((c) => podKnobs('postgres').map((k) => ({ ...c, ...k }))),
    }),
    secrets: fc.record({
      create: fc.boolean(),
      existingSecret: fc.oneof(fc.constant(''), dnsLabel),
      authSecret: fc.oneof(fc.constant(''), text),
      authSecretFrom: fc.record({ name: fc.constantFrom('', '', 'gitops-auth'), key: fc.constantFrom('auth-secret', 'token') }),
      databaseUrl: fc.constantFrom('', 'postgresql://user:pass@db.neon.tech/todo?sslmode=require'),
      openaiApiKey: fc.oneof(fc.constant(''), text),
      groqApiKey: fc.oneof(fc.constant(''), text),
      postgresPassword: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9._~-]{1,16}$/)),
      keys: secretKeys,
    })
      // The auth secret comes from one place; mutations try both at once.
      .map((s) => (s.authSecret ? { ...s, authSecretFrom: { ...s.authSecretFrom, name: '' } } : s)),
    ai: fc.record({
      provider: fc.constantFrom('groq', 'openai', 'mock'),
      model: fc.constantFrom('', 'llama-3.3-70b-versatile', 'gpt-4o-mini'),
      baseUrl: fc.constantFrom('', '', 'https://api.groq.com/openai/v1', 'https://llm.example.com:8443/v1', 'http://mock-llm:8080/v1', 'http://vllm.models.svc.cluster.local/v1'),
      mock: fc.record({
        image: fc.constantFrom(
          {},
          { repository: 'python', tag: '3.12-slim', pullPolicy: 'Always' },
          { repository: 'ghcr.io/acme/mock', digest: `sha256:${'b'.repeat(64)}` },
        ),
        port: fc.constantFrom(8080, 9000, 65535),
        model: fc.constantFrom('mock-llm', 'llama-mock'),
        resources,
      }, { requiredKeys: [] }),
    }),
    ingress: fc.record({
      enabled: fc.boolean(),
      className: fc.constantFrom('', 'nginx', 'traefik'),
      host: fc.constantFrom('todo.local', 'chat.example.com', 'a-b.c-d.example.org'),
      tls: fc.record({ enabled: fc.boolean(), secretName: fc.constantFrom('', 'my-tls') }),
      annotations: fc.dictionary(fc.constantFrom('cert-manager.io/cluster-issuer', 'nginx.ingress.kubernetes.io/proxy-body-size', 'example.com/note'), text, { maxKeys: 2 }),
      pathType: fc.constantFrom('Prefix', 'ImplementationSpecific'),
      extraHosts: fc.subarray([{ name: 'www.todo.example.net' }, { name: 'alt.todo.example.net' }]),
      extraTls: fc.subarray([{ hosts: ['www.todo.example.net'], secretName: 'www-tls' }]),
      extraPaths: fc.subarray([{ path: '/healthz', pathType: 'Exact', backend: { service: { name: 'edge', port: { number: 8080 } } } }]),
    }),
    httpRoute: fc.record({
      enabled: fc.boolean(),
      parentRefs: fc.constantFrom<Array<Record<string, unknown>>>([{ name: 'public' }], [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }, { name: 'internal', port: 8443 }]),
      hostnames: fc.subarray(['todo.example.com', '*.todo.example.net']),
      annotations: annotationMap,
    }),
    networkPolicy: fc.record({
      enabled: fc.boolean(),
      ingressNamespace: fc.constantFrom('ingress-nginx', 'kube-system'),
      externalDatabasePort: fc.constantFrom(5432, 6543),
      allowExternalEgress: fc.boolean(),
      extraIngress: fc.subarray([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9090 }] }]),
      extraEgress: fc.subarray([{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 3128 }] }]),
    }),
  })
  .map((c) => {
    // Make the combination valid where rules couple fields.
    const sqlite = c.database.mode === 'sqlite';
    return {
      ...c,
      backend: {
        ...c.backend,
        replicaCount: sqlite ? Math.min(c.backend.replicaCount, 1) : c.backend.replicaCount,
        autoscaling: { ...c.backend.autoscaling, enabled: c.backend.autoscaling.enabled && !sqlite },
        updateStrategy: sqlite && c.backend.updateStrategy.type === 'RollingUpdate' ? { type: '' as const } : c.backend.updateStrategy,
      },
    } as ConfigInput;
  })
  .filter((c) => {
    try {
      // As a values file: a null removes a default, as in Helm.
      loadConfig({ layers: [c] });
      return true;
    } catch {
      return false;
    }
  });
