/**
 * The configuration schema: every setting with its type, default, allowed
 * range and one-line description. Synth validates against it, and the Helm
 * chart's values.yaml and values.schema.json are generated from it.
 */
import { z } from 'zod';
import { k8sList, k8sType } from './k8s-types';

import {
  annotations, containerSecurityContext, count, disruptionBudget, DNS_LABEL, dnsLabel, dnsName, dnsSubdomain, envMap, envName, image, IMAGE_REPOSITORY, labels, moved, optionalDnsSubdomain, optionalHttpUrl,
  optionalImage, optionalNamePrefix, podSecurityContext, port, PREFIXED_NAME, probe, ProbeDefaults, ProbeKind, quantity, ResourceDefaults, resources, secretKey, text, updateStrategy, URL_SAFE, urlPath, VALUE_MAX_LENGTH,
} from './fields';

interface ComponentDefaults<K extends string> {
  key: string;
  what: string;
  repository: string;
  port: number;
  healthPath: string;
  resources: ResourceDefaults;
  env: Record<K, { name: string; description: string }>;
}

const autoscaling = (what: string) =>
  z
    .strictObject({
      enabled: z.boolean().default(false).describe(`Scale the ${what} with a HorizontalPodAutoscaler (replicaCount is then ignored).`),
      minReplicas: count('Fewest replicas the autoscaler keeps.', 1, 100).default(2),
      maxReplicas: count('Most replicas the autoscaler starts; at least minReplicas.', 1, 100).default(5),
      targetCPUUtilizationPercentage: count('Average CPU use, as a percentage of the request, the autoscaler aims for.', 1, 100).default(75),
      targetMemoryUtilizationPercentage: count('Average memory use, as a percentage of the request, the autoscaler also aims for; 0 scales on CPU alone.', 0, 100).default(0),
    })
    .prefault({})
    .describe(`Horizontal autoscaling of the ${what} (needs metrics-server).`);

/** A path segment other than "." or ".." (leading dots, then one other character: no backtracking). */
const PATH_SEGMENT = '\\.*[A-Za-z0-9_-][A-Za-z0-9._-]*';
/** A file at least one folder deep. */
const SQLITE_PATH = `^(/${PATH_SEGMENT})+/${PATH_SEGMENT}$`;

const lbClassError = 'must be empty or a prefixed name such as service.k8s.aws/nlb';
const nodePortMessage = 'must be 0 (Kubernetes picks a port) or a whole number from 30000 to 32767';

const service = (what: string, defaultPort: number) =>
  z
    .strictObject({
      type: z
        .enum(['ClusterIP', 'NodePort', 'LoadBalancer'])
        .default('ClusterIP')
        .describe(`Service type of the ${what}: ClusterIP (reach it through the ingress), NodePort or LoadBalancer.`),
      port: port(`Port the ${what} Service listens on inside the cluster.`).default(defaultPort),
      annotations: annotations(`Annotations of the ${what} Service (e.g. for a cloud load balancer).`).default({}),
      loadBalancerClass: z
        .union([z.literal(''), z.string().max(253 + 1 + 63, { error: lbClassError }).regex(new RegExp(PREFIXED_NAME), { error: lbClassError })], { error: lbClassError })
        .default('')
        .describe('Load balancer implementation of a LoadBalancer Service (e.g. service.k8s.aws/nlb); empty uses the cluster default.'),
      externalTrafficPolicy: z
        .enum(['', 'Cluster', 'Local'])
        .default('')
        .describe('For NodePort and LoadBalancer: Local keeps client addresses and skips the extra hop; empty uses the Kubernetes default (Cluster).'),
      nodePort: z
        .union([z.literal(0, { error: nodePortMessage }), z.int({ error: nodePortMessage }).min(30000, { error: nodePortMessage }).max(32767, { error: nodePortMessage })], { error: nodePortMessage })
        .default(0)
        .describe(`Node port (30000-32767) when type is NodePort or LoadBalancer; 0 lets Kubernetes pick one.`),
    })
    .prefault({})
    .describe(`How the ${what} is exposed inside the cluster.`);

/** The environment variables the chart sets in each container, by the key of their name in <component>.envNames. */
export const ENV_VARIABLES = {
  frontend: {
    port: { name: 'PORT', description: 'Port the server listens on.' },
    hostname: { name: 'HOSTNAME', description: 'Address the server binds (set to 0.0.0.0).' },
    backendUrl: { name: 'BACKEND_URL', description: 'In-cluster URL of the backend Service.' },
    publicApiUrl: { name: 'NEXT_PUBLIC_API_URL', description: 'Public URL of the API (through the ingress /api).' },
    authSecret: { name: 'BETTER_AUTH_SECRET', description: 'Secret that signs sessions and JWTs.' },
    authUrl: { name: 'BETTER_AUTH_URL', description: 'Public URL of the app, for auth callbacks.' },
  },
  backend: {
    port: { name: 'PORT', description: 'Port the server listens on.' },
    databaseUrl: { name: 'DATABASE_URL', description: 'Database connection URL.' },
    authSecret: { name: 'BETTER_AUTH_SECRET', description: 'Secret that verifies sessions and JWTs.' },
    openaiApiKey: { name: 'OPENAI_API_KEY', description: 'OpenAI API key.' },
    groqApiKey: { name: 'GROQ_API_KEY', description: 'Groq API key.' },
    aiProvider: { name: 'AI_PROVIDER', description: 'LLM provider: groq, openai or mock.' },
    aiModel: { name: 'AI_MODEL', description: 'LLM model name.' },
    aiBaseUrl: { name: 'AI_BASE_URL', description: 'LLM API base URL.' },
    corsOrigins: { name: 'CORS_ORIGINS', description: 'Origins allowed to call the API.' },
  },
} satisfies Record<string, Record<string, { name: string; description: string }>>;

/** The three probes of a workload, each with its timing and a whole replacement. */
export const probeKeys = (d: Record<ProbeKind, ProbeDefaults>) => {
  const custom = k8sType('Probe').default({});
  return {
    startupProbe: probe('startup', d.startup),
    readinessProbe: probe('readiness', d.readiness),
    livenessProbe: probe('liveness', d.liveness),
    customStartupProbe: custom.describe('A whole startup probe (a Kubernetes Probe object) instead of the chart\'s; {} keeps the chart\'s.'),
    customReadinessProbe: custom.describe('A whole readiness probe instead of the chart\'s; {} keeps the chart\'s.'),
    customLivenessProbe: custom.describe('A whole liveness probe instead of the chart\'s; {} keeps the chart\'s.'),
  };
};

const HTTP_PROBES: Record<ProbeKind, ProbeDefaults> = {
  startup: { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30 },
  readiness: { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
  liveness: { periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 },
};

/** pg_isready answers slowly while PostgreSQL initialises its data folder. */
const POSTGRES_PROBES: Record<ProbeKind, ProbeDefaults> = {
  startup: { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 },
  readiness: { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
  liveness: { periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
};

/** Where and how a component's pods run, beside what the chart sets: the same keys for every workload. */
export const podKeys = () => ({
  serviceAccount: z
    .strictObject({
      create: z.boolean().default(true).describe(`Create a ServiceAccount for the pods.`),
      name: optionalDnsSubdomain('Name of the account; empty: <fullname>-<component> when the chart creates it, else the namespace\'s "default".').default(''),
      annotations: annotations('Annotations of the created account (e.g. eks.amazonaws.com/role-arn or iam.gke.io/gcp-service-account).').default({}),
      automountServiceAccountToken: z.boolean().default(false).describe('Mount an API token in the pods: only for code that calls the Kubernetes API.'),
    })
    .prefault({})
    .describe(`The identity of the pods.`),
  podAnnotations: annotations(`Extra annotations of the pods (e.g. for a service mesh, Vault or scraping).`).default({}),
  podLabels: labels(`Extra labels of the pods; never part of a selector.`).default({}),
  nodeSelector: labels(`Node labels the pods must run on.`).default({}),
  tolerations: k8sList('Toleration').default([]).describe(`Taints the pods tolerate (Kubernetes Toleration objects).`),
  affinity: k8sType('Affinity').default({}).describe(`Node and pod affinity of the pods (a Kubernetes Affinity object).`),
  topologySpreadConstraints: k8sList('TopologySpreadConstraint')
    .default([])
    .describe(`How the pods spread across nodes or zones (Kubernetes TopologySpreadConstraint objects; the chart adds the label selector when it is left out).`),
  priorityClassName: optionalDnsSubdomain(`PriorityClass of the pods; empty uses the cluster default.`).default(''),
  terminationGracePeriodSeconds: count(`Seconds the pods get to shut down before they are killed.`, 0, 3600).default(30),
  extraEnvVars: k8sList('EnvVar')
    .default([])
    .describe(`Extra environment variables of the container, as Kubernetes EnvVar objects (valueFrom included), each with a name the chart does not set.`),
  extraEnvVarsSecret: optionalDnsSubdomain(`Secret whose every key becomes an environment variable of the container.`).default(''),
  extraEnvVarsCM: optionalDnsSubdomain(`ConfigMap whose every key becomes an environment variable of the container.`).default(''),
  extraVolumes: k8sList('Volume')
    .default([])
    .describe(`Extra volumes of the pods (Kubernetes Volume objects of the kinds Pod Security "restricted" allows: configMap, secret, emptyDir, persistentVolumeClaim, projected, ...).`),
  extraVolumeMounts: k8sList('VolumeMount').default([]).describe(`Extra mounts in the container (Kubernetes VolumeMount objects) of the chart's or the extra volumes.`),
  initContainers: k8sList('Container')
    .default([])
    .describe(`Containers that run to completion before the main container starts (Kubernetes Container objects; the chart sets their securityContext).`),
  sidecars: k8sList('Container')
    .default([])
    .describe(`Containers beside the main container in each pod (Kubernetes Container objects; the chart sets their securityContext).`),
});

/** Built once and shared by the workloads, whose values differ only in their defaults. */
const HTTP_PROBE_KEYS = probeKeys(HTTP_PROBES);
const POSTGRES_PROBE_KEYS = probeKeys(POSTGRES_PROBES);
const POD_KEYS = podKeys();
const CONTAINER_SECURITY_CONTEXT = containerSecurityContext();
const DISRUPTION_BUDGET = disruptionBudget();
const APP_POD_SECURITY_CONTEXT = podSecurityContext(10001);
const UPDATE_STRATEGY = updateStrategy();

function component<K extends string>(d: ComponentDefaults<K>) {
  const envNames = Object.fromEntries(
    Object.entries<{ name: string; description: string }>(d.env).map(([key, e]) => [key, envName(e.description).default(e.name)]),
  ) as unknown as { [P in K]: z.ZodDefault<z.ZodString> };
  return z
    .strictObject({
      image: image(d.repository, '0.1.0-local', d.what),
      replicaCount: count(`Number of ${d.what} pods (ignored while autoscaling is enabled).`, 0, 100).default(1),
      port: port(`Port the ${d.what} container listens on.`).default(d.port),
      healthPath: urlPath(`HTTP path the startup, readiness and liveness probes call.`).default(d.healthPath),
      ...HTTP_PROBE_KEYS,
      resources: resources(d.resources, d.what),
      service: service(d.what, d.port),
      autoscaling: autoscaling(d.what),
      env: envMap(`Extra plain environment variables for the ${d.what} container (name: value).`).default({}),
      envNames: z.strictObject(envNames).prefault({} as never).describe(`Names of the environment variables the ${d.what} image reads, for images that use other names.`),
      podSecurityContext: APP_POD_SECURITY_CONTEXT,
      containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
      securityContext: moved(`${d.key}.podSecurityContext (runAsUser, runAsGroup)`),
      revisionHistoryLimit: count('Old ReplicaSets kept for rollback.', 0, 100).default(10),
      updateStrategy: UPDATE_STRATEGY,
      shutdownDelaySeconds: count(
        `Seconds a stopping ${d.what} pod keeps serving before it is told to stop, while Services and ingress controllers stop sending it requests; 0 turns the delay off. A preStop sleep action on Kubernetes 1.30 and later, a sleep run by the image's own runtime before that. Must stay below terminationGracePeriodSeconds.`,
        0,
        300,
      ).default(5),
      pdb: DISRUPTION_BUDGET,
      ...POD_KEYS,
    })
    .prefault({})
    .describe(`The ${d.what}.`);
}

const nameOverrideError = 'must be empty or a DNS label of at most 63 characters: lower-case letters, digits and "-"';
const registryError = 'must be empty or a registry host with an optional port and path, such as registry.example.com/mirror (lower-case)';
const pullSecretName = optionalDnsSubdomain('Name of a docker-registry Secret in the namespace.').min(1, { error: 'must not be empty' });

export const configSchema = z
  .strictObject({
    nameOverride: z
      .string()
      .max(63, { error: nameOverrideError })
      .regex(new RegExp(`(${DNS_LABEL})|^$`), { error: nameOverrideError })
      .default('')
      .describe('The app.kubernetes.io/name label instead of todo-chatbot. Set it at install only: it is part of the selectors, which an upgrade cannot change.'),
    fullnameOverride: optionalNamePrefix('Prefix of every object name instead of the release name (<prefix>-frontend, ...).', 40).default(''),
    imagePullSecrets: z
      .array(
        z.union([pullSecretName, z.strictObject({ name: pullSecretName })], { error: 'items must be Secret names or {name: ...} objects' }),
      )
      .default([])
      .describe('Secrets for pulling images from private registries, in every pod (the helm test pod too): ["name"] or [{name: ...}].'),
    commonLabels: labels('Labels added to every object; the app.kubernetes.io and helm.sh labels stay the chart\'s.').default({}),
    commonAnnotations: annotations('Annotations added to every object.').default({}),
    publicUrl: optionalHttpUrl(
      'URL users open; empty derives it from the ingress host (or http://localhost:<frontend port> without an ingress).',
      'https://todo.example.com',
    ).default(''),
    frontend: component({
      key: 'frontend',
      what: 'Next.js frontend',
      repository: 'todo-frontend',
      port: 3000,
      healthPath: '/',
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      env: ENV_VARIABLES.frontend,
    }),
    backend: component({
      key: 'backend',
      what: 'FastAPI backend',
      repository: 'todo-backend',
      port: 8000,
      healthPath: '/health',
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      env: ENV_VARIABLES.backend,
    }),
    database: z
      .strictObject({
        mode: z
          .enum(['sqlite', 'postgres', 'external'])
          .default('sqlite')
          .describe('sqlite: a file on a PersistentVolumeClaim (one backend pod); postgres: an in-cluster StatefulSet (local use); external: a managed database such as Neon, through secrets.databaseUrl.'),
        sqlite: z
          .strictObject({
            size: quantity('Size of the SQLite volume.', '1Gi').default('1Gi'),
            storageClass: optionalDnsSubdomain('StorageClass of the volume; empty uses the cluster default.').default(''),
            existingClaim: optionalDnsSubdomain('A PersistentVolumeClaim you made (ReadWriteOnce) to keep the file on; the chart then creates none, and size and storageClass do not apply.').default(''),
            path: z
              .string()
              .max(1024, { error: 'must be at most 1024 characters' })
              .regex(new RegExp(SQLITE_PATH), { error: 'must be an absolute file path in a folder such as /data/todo.db: segments of letters, digits, ".", "_" and "-", none of them "." or ".."' })
              .default('/data/todo.db')
              .describe('Database file inside the backend container; its directory is the volume mount.'),
          })
          .prefault({})
          .describe('Embedded SQLite (database.mode=sqlite).'),
        postgres: z
          .strictObject({
            image: image('postgres', '16.4-alpine', 'PostgreSQL server'),
            size: quantity('Size of the PostgreSQL data volume.', '2Gi').default('2Gi'),
            storageClass: optionalDnsSubdomain('StorageClass of the volume; empty uses the cluster default.').default(''),
            database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { error: 'must be a PostgreSQL identifier (letters, digits, "_")' }).default('todo').describe('Database created on first start.'),
            username: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { error: 'must be a PostgreSQL identifier (letters, digits, "_")' }).default('todo').describe('Owner of the database.'),
            port: port('Port of the PostgreSQL Service.').default(5432),
            resources: resources({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } }, 'PostgreSQL'),
            ...POSTGRES_PROBE_KEYS,
            service: z
              .strictObject({ annotations: annotations('Annotations of the PostgreSQL Service (headless: the StatefulSet needs it; it stays inside the cluster).').default({}) })
              .prefault({})
              .describe('The PostgreSQL Service.'),
            revisionHistoryLimit: count('Old revisions of the StatefulSet kept for rollback.', 0, 100).default(10),
            updateStrategy: z
              .strictObject({
                type: z.enum(['RollingUpdate', 'OnDelete']).default('RollingUpdate').describe('RollingUpdate replaces the pod on an upgrade; OnDelete waits until you delete it.'),
              })
              .prefault({})
              .describe('How the StatefulSet replaces its pod on an upgrade.'),
            pdb: DISRUPTION_BUDGET,
            podSecurityContext: podSecurityContext(70),
            containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
            securityContext: moved('database.postgres.podSecurityContext (runAsUser, runAsGroup)'),
            ...POD_KEYS,
          })
          .prefault({})
          .describe('In-cluster PostgreSQL (database.mode=postgres).'),
      })
      .prefault({})
      .describe('Where the backend keeps its data.'),
    secrets: z
      .strictObject({
        create: z.boolean().default(true).describe('Create the app Secret from these values; false expects it to exist (secrets.existingSecret, or <fullname>-secrets).'),
        existingSecret: optionalDnsSubdomain('Name of an existing Secret with the keys below; set it to keep secret values out of Helm values.').default(''),
        authSecret: text('Session/JWT signing secret (BETTER_AUTH_SECRET); empty generates one, kept across upgrades.', VALUE_MAX_LENGTH).default(''),
        authSecretFrom: z
          .strictObject({
            name: optionalDnsSubdomain('Existing Secret holding the auth secret; empty: the app Secret holds it.').default(''),
            key: secretKey('Key of the auth secret in that Secret.').default('auth-secret'),
          })
          .prefault({})
          .describe('The auth secret read from a Secret you manage, for renders with no cluster to keep a generated one (Argo CD, Flux, helm template).'),
        databaseUrl: text('Connection URL of the external database (database.mode=external).', VALUE_MAX_LENGTH).default(''),
        openaiApiKey: text('OpenAI API key (ai.provider=openai).', VALUE_MAX_LENGTH).default(''),
        groqApiKey: text('Groq API key (ai.provider=groq).', VALUE_MAX_LENGTH).default(''),
        postgresPassword: z
          .string()
          .regex(new RegExp(URL_SAFE), { error: 'must use only letters, digits and . _ ~ - (it goes into a URL)' })
          .default('')
          .describe('Password of the in-cluster PostgreSQL user; empty generates one.'),
        keys: z
          .strictObject({
            authSecret: secretKey('Key holding the auth secret.').default('auth-secret'),
            databaseUrl: secretKey('Key holding the database URL.').default('database-url'),
            openaiApiKey: secretKey('Key holding the OpenAI API key.').default('openai-api-key'),
            groqApiKey: secretKey('Key holding the Groq API key.').default('groq-api-key'),
            postgresPassword: secretKey('Key holding the PostgreSQL password.').default('postgres-password'),
          })
          .prefault({})
          .describe('Key names inside the app Secret (match them to an existing Secret).'),
      })
      .prefault({})
      .describe('Secret values. Never commit real values: pass them with --set, a values file outside git, or secrets.existingSecret.'),
    ai: z
      .strictObject({
        provider: z
          .enum(['groq', 'openai', 'mock'])
          .default('groq')
          .describe('LLM provider: groq, openai, or mock (an OpenAI-compatible mock in the cluster that calls the app\'s tools deterministically; no API key, no internet).'),
        model: text('Model name; empty uses the backend default for the provider.', 256).default(''),
        baseUrl: optionalHttpUrl('API base URL; empty uses the provider default (with mock: the in-cluster mock; set it to use a mock of your own instead).', 'https://api.groq.com/openai/v1').default(''),
        mock: z
          .strictObject({
            image: optionalImage('mock LLM', 'the backend image, which has Python'),
            port: port('Port the mock LLM listens on.').default(8080),
            model: text('Model name the mock LLM serves and reports.', 256).default('mock-llm'),
            resources: resources({ requests: { cpu: '25m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } }, 'mock LLM'),
          })
          .prefault({})
          .describe('The in-cluster mock LLM, deployed with ai.provider=mock and an empty ai.baseUrl.'),
      })
      .prefault({})
      .describe('The LLM the chatbot talks to.'),
    ingress: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Expose the app through an Ingress: / to the frontend, /api to the backend.'),
        className: optionalDnsSubdomain('IngressClass that serves the Ingress.').default('nginx'),
        host: dnsName('Host name users open (map it in /etc/hosts for local clusters).').default('todo.local'),
        tls: z
          .strictObject({
            enabled: z.boolean().default(false).describe('Serve HTTPS.'),
            secretName: optionalDnsSubdomain('TLS Secret (kubernetes.io/tls); empty uses <fullname>-tls.').default(''),
          })
          .prefault({})
          .describe('HTTPS on the ingress.'),
        annotations: annotations('Annotations for the Ingress (e.g. cert-manager.io/cluster-issuer); keys and values together at most 256 KiB.').default({}),
        pathType: z
          .enum(['Prefix', 'ImplementationSpecific'])
          .default('Prefix')
          .describe('Path type of the / and /api paths: Prefix, or ImplementationSpecific for controllers that read paths their own way.'),
        extraHosts: z
          .array(z.strictObject({ name: dnsName('Another host name that serves the app.') }))
          .default([])
          .describe('More host names with the same paths, e.g. [{name: www.todo.example.com}].'),
        extraTls: z
          .array(
            z.strictObject({
              hosts: z.array(dnsName('A host name the certificate covers.')).min(1, { error: 'must name at least one host' }).describe('Host names the certificate covers.'),
              secretName: dnsSubdomain('TLS Secret (kubernetes.io/tls) of the certificate.'),
            }),
          )
          .default([])
          .describe('More TLS certificates, e.g. for extraHosts: [{hosts: [www.todo.example.com], secretName: www-tls}].'),
        extraPaths: k8sList('HTTPIngressPath').default([]).describe('More paths on the main host, before the chart\'s (Kubernetes HTTPIngressPath objects), e.g. a redirect backend.'),
      })
      .prefault({})
      .describe('External access.'),
    httpRoute: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Expose the app through a Gateway API HTTPRoute: / to the frontend, /api to the backend (beside or instead of the Ingress).'),
        parentRefs: k8sList('GatewayParentReference').default([]).describe('Gateways the route attaches to, e.g. [{name: public, namespace: gateway-system, sectionName: https}].'),
        hostnames: k8sList('GatewayHostname').default([]).describe('Host names the route answers (wildcards such as *.example.com allowed); empty: those of the Gateway listener.'),
        annotations: annotations('Annotations of the HTTPRoute.').default({}),
      })
      .prefault({})
      .describe('Gateway API routing (gateway.networking.k8s.io/v1), for clusters that moved from Ingress controllers to Gateways.'),
    networkPolicy: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Deny all traffic to and from the release\'s pods except what the app needs (other workloads in the namespace are not affected).'),
        ingressNamespace: dnsLabel('Namespace of the ingress controller (or of the Gateway\'s proxies) allowed to reach the app.').default('ingress-nginx'),
        externalDatabasePort: port('Port the backend may reach outside the cluster in database.mode=external.').default(5432),
        allowExternalEgress: z
          .boolean()
          .default(true)
          .describe('Let the backend reach the internet: the LLM API (on the port of ai.baseUrl, or 443) and an external database. false: only what extraEgress allows, e.g. an egress proxy.'),
        extraIngress: k8sList('NetworkPolicyIngressRule').default([]).describe('More ingress rules for every pod of the release (Kubernetes NetworkPolicyIngressRule objects), e.g. from a monitoring namespace.'),
        extraEgress: k8sList('NetworkPolicyEgressRule').default([]).describe('More egress rules for every pod of the release (Kubernetes NetworkPolicyEgressRule objects), e.g. to a proxy.'),
      })
      .prefault({})
      .describe('NetworkPolicies: deny all traffic to and from the release\'s pods except what the app needs.'),
    podDisruptionBudget: moved('frontend.pdb, backend.pdb and database.postgres.pdb (create, minAvailable or maxUnavailable)'),
    // Umbrella charts pass `global` to every subchart; Helm adds it to the values of every chart.
    global: z
      .looseObject({
        imageRegistry: z
          .union([z.literal(''), z.string().regex(new RegExp(IMAGE_REPOSITORY), { error: registryError })], { error: registryError })
          .default('')
          .describe('Registry (host[:port][/path]) put before every image repository, e.g. a mirror; empty pulls the repositories as they are.'),
      })
      .prefault({})
      .describe('Values shared with a parent chart.'),
  })
  .prefault({})
  .describe('Configuration of the Todo AI Chatbot deployment.');

/** A complete, validated configuration. */
export type Config = z.output<typeof configSchema>;
/** What a user writes: every key optional. */
export type ConfigInput = z.input<typeof configSchema>;
