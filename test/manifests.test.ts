import { ConfigInput } from '../lib/config';
import { appRequestsOf } from './support/app-requests';
import { K8S_VERSIONS, validateObjects } from './support/k8s-schema';
import { hardeningViolations, podSecurityViolations, podSpecOf } from './support/pod-security';
import { referenceErrors } from './support/references';
import { objectsOf, PROFILE_NAMES, renderCase } from './support/render';

/** Database modes x ingress x networkPolicy x autoscaling x existingSecret. */
function toggleMatrix(): Array<{ name: string; values: ConfigInput }> {
  const cases: Array<{ name: string; values: ConfigInput }> = [];
  for (const mode of ['sqlite', 'postgres', 'external'] as const) {
    for (const ingress of [true, false]) {
      for (const netpol of [true, false]) {
        for (const autoscale of [true, false]) {
          for (const existing of [true, false]) {
            const values: ConfigInput = {
              database: { mode },
              ingress: { enabled: ingress, tls: { enabled: ingress } },
              networkPolicy: { enabled: netpol },
              frontend: { autoscaling: { enabled: autoscale }, pdb: { create: autoscale } },
              // One SQLite pod cannot keep a pod available through a drain: its budget lets it go.
              backend: { autoscaling: { enabled: autoscale && mode !== 'sqlite' }, pdb: mode === 'sqlite' ? { create: autoscale, maxUnavailable: 1 } : { create: autoscale, minAvailable: 1 } },
              secrets: existing ? { existingSecret: 'my-secrets' } : { databaseUrl: mode === 'external' ? 'postgresql://u:p@db.example.com/todo' : '' },
            };
            cases.push({ name: `${mode} ingress=${ingress} netpol=${netpol} hpa=${autoscale} existingSecret=${existing}`, values });
          }
        }
      }
    }
  }
  return cases;
}

const PROFILE_CASES = PROFILE_NAMES.flatMap((profile) => [
  { name: `profile ${profile}`, profile, values: undefined as ConfigInput | undefined },
  { name: `profile ${profile} with the mock LLM`, profile, values: { ai: { provider: 'mock' } } as ConfigInput | undefined },
]);
const ALL_CASES = [...PROFILE_CASES, ...toggleMatrix().map((c) => ({ ...c, profile: undefined }))];

describe.each(ALL_CASES)('$name', ({ profile, values }) => {
  const objects = objectsOf({ profile, values });
  const secretName = values?.secrets?.existingSecret || (profile === 'production' ? 'todo-chatbot-secrets' : undefined);

  test('the mock LLM exists exactly with ai.provider=mock, and the backend talks to it', () => {
    const mock = objects.filter((o) => o.metadata.name.startsWith('todo-chatbot-mock-llm')).map((o) => o.kind).sort();
    const on = values?.ai?.provider === 'mock';
    expect(mock).toEqual(on ? ['ConfigMap', 'Deployment', 'NetworkPolicy', 'Service'] : []);
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'todo-chatbot-config');
    expect(config.data['ai-base-url']).toBe(on ? 'http://todo-chatbot-mock-llm:8080/v1' : '');
  });

  test.each(K8S_VERSIONS)('validates strictly against Kubernetes %s', (version) => {
    expect(validateObjects(objects, version)).toEqual([]);
  });

  test('every pod passes Pod Security "restricted" and the project hardening rules', () => {
    const pods = objects.filter((o) => podSpecOf(o));
    expect(pods.length).toBeGreaterThanOrEqual(2);
    expect(pods.flatMap(podSecurityViolations)).toEqual([]);
    expect(pods.flatMap(hardeningViolations)).toEqual([]);
  });

  test('every reference resolves', () => {
    expect(referenceErrors(objects.filter((o) => o.kind !== 'Namespace'), { externalSecrets: [...(secretName ? [secretName] : []), 'todo-chatbot-tls'] })).toEqual([]);
  });

  test('every object, the Namespace too, carries the app.kubernetes.io labels; selectors use name, instance, component', () => {
    expect(objects.filter((x) => x.kind === 'Namespace')).toHaveLength(1);
    for (const o of objects) {
      expect(Object.keys(o.metadata.labels).filter((k) => !k.startsWith('pod-security.')).sort()).toEqual(
        [...['component', 'instance', 'managed-by', 'name', 'part-of', 'version'].map((k) => `app.kubernetes.io/${k}`), 'helm.sh/chart'],
      );
      expect(o.metadata.labels['helm.sh/chart']).toBe(`todo-chatbot-${o.metadata.labels['app.kubernetes.io/version']}`);
      const selector = o.spec?.selector?.matchLabels ?? (o.kind === 'Service' ? o.spec.selector : undefined);
      if (selector) expect(Object.keys(selector).sort()).toEqual(['app.kubernetes.io/component', 'app.kubernetes.io/instance', 'app.kubernetes.io/name']);
    }
  });

  test('nothing Kubernetes keeps immutable carries a label that changes between versions (selectors, claim templates)', () => {
    const frozen = objects.flatMap((o) => [
      o.spec?.selector?.matchLabels,
      ...(o.spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.labels),
    ]).filter(Boolean);
    for (const labels of frozen) expect(Object.keys(labels).filter((k) => k === 'app.kubernetes.io/version' || k === 'helm.sh/chart')).toEqual([]);
  });

  test('the SQLite backend runs one pod with Recreate; stateless workloads roll with maxUnavailable 0', () => {
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      const mountsClaim = (d.spec.template.spec.volumes ?? []).some((v: any) => v.persistentVolumeClaim);
      if (mountsClaim) {
        expect(d.spec.strategy).toEqual({ type: 'Recreate' });
        expect(d.spec.replicas).toBeLessThanOrEqual(1);
        expect(objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === d.metadata.name)).toBe(false);
      } else {
        expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
      }
    }
  });

  test('PersistentVolumeClaims survive helm uninstall', () => {
    for (const pvc of objects.filter((o) => o.kind === 'PersistentVolumeClaim')) {
      expect(pvc.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
    }
  });

  test('an existing Secret means no Secret object', () => {
    expect(objects.some((o) => o.kind === 'Secret')).toBe(!secretName);
  });
});

describe('profiles', () => {
  test('production: every scaled workload has a PodDisruptionBudget and an autoscaler', () => {
    const objects = objectsOf({ profile: 'production' });
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments).toHaveLength(2);
    for (const d of deployments) {
      const labels = d.spec.template.metadata.labels;
      const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget' && Object.entries(o.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
      expect(pdb).toBeDefined();
      expect(objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === d.metadata.name && o.spec.minReplicas >= 2)).toBe(true);
    }
    const ingress = objects.find((o) => o.kind === 'Ingress');
    expect(ingress.spec.tls).toEqual([{ hosts: ['todo.example.com'], secretName: 'todo-chatbot-tls' }]);
  });

  test('local: the app itself requests at most 1 CPU and 1.5 GiB (the cluster-size tests add what minikube runs)', () => {
    const { steady } = appRequestsOf(renderCase({ profile: 'local' }).manifests);
    expect(steady.cpuMillis).toBeLessThanOrEqual(1000);
    expect(steady.memoryMi).toBeLessThanOrEqual(1536);
  });

  test('the namespace enforces Pod Security "restricted"', () => {
    const ns = objectsOf({ namespace: 'team-a' }).find((o) => o.kind === 'Namespace');
    expect(ns.metadata.name).toBe('team-a');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the backend contract: SQLite URL, secrets, CORS from the ingress host', () => {
    const objects = objectsOf({ values: { ingress: { host: 'chat.example.org', tls: { enabled: true } } } });
    const backend = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-chatbot-backend');
    const env = Object.fromEntries(backend.spec.template.spec.containers[0].env.map((e: any) => [e.name, e]));
    expect(env.DATABASE_URL.value).toBe('sqlite:////data/todo.db');
    expect(env.BETTER_AUTH_SECRET.valueFrom.secretKeyRef).toEqual({ name: 'todo-chatbot-secrets', key: 'auth-secret' });
    expect(env.GROQ_API_KEY.valueFrom.secretKeyRef.optional).toBe(true);
    const config = objects.find((o) => o.kind === 'ConfigMap');
    expect(config.data['cors-origins']).toBe('https://chat.example.org');
    expect(config.data['public-api-url']).toBe('https://chat.example.org/api');
    expect(config.data['backend-url']).toBe('http://todo-chatbot-backend:8000');
  });
});

describe('determinism', () => {
  test.each(PROFILE_NAMES)('profile %s gives byte-identical output twice', (profile) => {
    expect(renderCase({ profile }).manifests).toBe(renderCase({ profile }).manifests);
  });

  test('without a pinned generator the auth secret is random; nothing else changes', async () => {
    const { render } = await import('../lib/synth');
    const { ROOT } = await import('./support/helm');
    const a = render({ root: ROOT }).manifests;
    const b = render({ root: ROOT }).manifests;
    expect(a).not.toBe(b);
    const strip = (s: string) => s.replace(/auth-secret: \S+/, 'auth-secret: X');
    expect(strip(a)).toBe(strip(b));
  });
});
