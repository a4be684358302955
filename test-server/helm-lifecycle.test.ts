// helm install, upgrade (new chart version, changed values), rollback and
// uninstall of every profile on helm 3 and helm 4, against a real API server.
import { HELM_MAJORS } from '../test/support/helm';
import {
  allReady, CHART, chartWithVersion, getObject, helm, kubectl, kubectlOk, namespace, profileValues, releaseObjects, releaseObjectsAfterCleanup,
  secretValue, valuesFile, workloadReadiness,
} from './support/kube';

/** helm waits for every workload to be Ready (kwok stands in for the kubelet). */
const WAIT = ['--wait', '--timeout', '120s'];

const PROFILES = ['local', 'kind', 'production'] as const;
const RELEASE = 'todo-chatbot';

/** What the production profile expects to exist: its Secret, made by the operator. */
function productionSecret(ns: string): void {
  kubectlOk(['create', 'secret', 'generic', 'todo-chatbot-secrets', '-n', ns,
    '--from-literal=auth-secret=operator-made', '--from-literal=database-url=postgresql://u:p@db.example.com/todo', '--from-literal=groq-api-key=gsk-test']);
}

describe.each(PROFILES.flatMap((profile) => HELM_MAJORS.map((major) => ({ profile, major }))))('profile $profile on helm $major', ({ profile, major }) => {
  const ns = `${profile}-helm${major}`;
  const sqlite = profile !== 'production';
  let authSecret = '';

  beforeAll(() => {
    namespace(ns);
    if (profile === 'production') productionSecret(ns);
  });

  test('helm install --wait creates every object, admitted under Pod Security "restricted", and every pod becomes Ready', () => {
    const r = helm(major, ['install', RELEASE, CHART, '-n', ns, ...profileValues(profile), ...WAIT]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const readiness = workloadReadiness(ns, RELEASE);
    expect(readiness).toEqual(allReady(readiness));
    expect(readiness.length).toBeGreaterThanOrEqual(2);
    const objects = releaseObjects(ns, RELEASE);
    expect(objects).toEqual(expect.arrayContaining(['deployment.apps/todo-chatbot-backend', 'deployment.apps/todo-chatbot-frontend', 'service/todo-chatbot-backend', 'configmap/todo-chatbot-config']));
    expect(objects.includes('persistentvolumeclaim/todo-chatbot-sqlite')).toBe(sqlite);
    // helm asked the cluster its version (1.30 or later), so the pods stop with the preStop sleep action.
    expect(getObject(ns, 'deployment/todo-chatbot-frontend').spec.template.spec.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    if (sqlite) {
      authSecret = secretValue(ns, 'todo-chatbot-secrets', 'auth-secret');
      expect(authSecret).toMatch(/^[A-Za-z0-9]{48}$/);
    }
  });

  test('the helm test hook objects are admitted (a server-side dry run: its result needs a container runtime)', () => {
    const hooks = helm(major, ['template', RELEASE, CHART, '-n', ns, ...profileValues(profile), '-s', 'templates/tests/pod.yaml', '-s', 'templates/tests/network-policy.yaml']);
    expect(hooks.code).toBe(0);
    const r = kubectl(['create', '--dry-run=server', '-n', ns, '-f', '-', '-o', 'name'], hooks.stdout);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n').sort()).toEqual([`networkpolicy.networking.k8s.io/${RELEASE}-test`, `pod/${RELEASE}-test`].sort());
  });

  test('helm upgrade to a new chart version with changed values keeps the generated auth secret', () => {
    const values = valuesFile({
      frontend: { replicaCount: 2 },
      backend: { env: { LOG_LEVEL: 'debug' } },
      ...(sqlite ? { secrets: { groqApiKey: 'gsk-upgraded' } } : {}),
    });
    const r = helm(major, ['upgrade', RELEASE, chartWithVersion('0.2.0'), '-n', ns, ...profileValues(profile), '-f', values, ...WAIT]);
    expect(r.stderr).not.toMatch(/error|forbidden|immutable/i);
    expect(r.code).toBe(0);
    const readiness = workloadReadiness(ns, RELEASE);
    expect(readiness).toEqual(allReady(readiness));
    const backend = getObject(ns, 'deployment/todo-chatbot-backend');
    expect(backend.metadata.labels['app.kubernetes.io/version']).toBe('0.2.0');
    expect(backend.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'LOG_LEVEL', value: 'debug' }]));
    if (sqlite) {
      expect(getObject(ns, 'deployment/todo-chatbot-frontend').spec.replicas).toBe(2);
      expect(secretValue(ns, 'todo-chatbot-secrets', 'groq-api-key')).toBe('gsk-upgraded');
      expect(secretValue(ns, 'todo-chatbot-secrets', 'auth-secret')).toBe(authSecret);
    }
  });

  test('helm rollback to revision 1 restores the first version', () => {
    const r = helm(major, ['rollback', RELEASE, '1', '-n', ns, ...WAIT]);
    expect(r.code).toBe(0);
    const readiness = workloadReadiness(ns, RELEASE);
    expect(readiness).toEqual(allReady(readiness));
    expect(getObject(ns, 'deployment/todo-chatbot-backend').metadata.labels['app.kubernetes.io/version']).toBe('0.1.0');
    if (sqlite) expect(secretValue(ns, 'todo-chatbot-secrets', 'auth-secret')).toBe(authSecret);
  });

  test('helm uninstall removes everything but the data volume claim, still bound, and the Secret that goes with it', () => {
    const r = helm(major, ['uninstall', RELEASE, '-n', ns, '--wait']);
    expect(r.code).toBe(0);
    expect(releaseObjectsAfterCleanup(ns, RELEASE)).toEqual(sqlite ? ['persistentvolumeclaim/todo-chatbot-sqlite', 'secret/todo-chatbot-secrets'] : []);
    if (sqlite) {
      const claim = getObject(ns, 'pvc/todo-chatbot-sqlite');
      expect({ deleting: claim.metadata.deletionTimestamp, phase: claim.status.phase }).toEqual({ deleting: undefined, phase: 'Bound' });
    }
  });

  test('helm install again under the same name adopts what was kept: same data volume, same auth secret', () => {
    if (!sqlite) return;
    const volume = getObject(ns, 'pvc/todo-chatbot-sqlite').spec.volumeName;
    const r = helm(major, ['install', RELEASE, CHART, '-n', ns, ...profileValues(profile), ...WAIT]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(getObject(ns, 'pvc/todo-chatbot-sqlite').spec.volumeName).toBe(volume);
    expect(secretValue(ns, 'todo-chatbot-secrets', 'auth-secret')).toBe(authSecret);
  });
});

describe('secrets across upgrades (helm 4)', () => {
  test('a values-provided auth secret changes when the values change it', () => {
    const ns = namespace('given-secret');
    expect(helm(4, ['install', RELEASE, CHART, '-n', ns, '--set', 'secrets.authSecret=first-value']).code).toBe(0);
    expect(secretValue(ns, 'todo-chatbot-secrets', 'auth-secret')).toBe('first-value');
    expect(helm(4, ['upgrade', RELEASE, CHART, '-n', ns, '--set', 'secrets.authSecret=second-value']).code).toBe(0);
    expect(secretValue(ns, 'todo-chatbot-secrets', 'auth-secret')).toBe('second-value');
  });
});

describe.each(HELM_MAJORS)('in-cluster PostgreSQL on helm %i', (major) => {
  const ns = `postgres-helm${major}`;
  const CLAIM = 'pvc/data-todo-chatbot-postgres-0';

  let password = '';

  test('an upgrade to a new appVersion is accepted (volumeClaimTemplates never change), rolls out, and keeps the generated password', () => {
    namespace(ns);
    const install = helm(major, ['install', RELEASE, CHART, '-n', ns, '--set', 'database.mode=postgres', ...WAIT]);
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    expect(getObject(ns, CLAIM).status.phase).toBe('Bound');
    password = secretValue(ns, 'todo-chatbot-secrets', 'postgres-password');
    expect(password).toMatch(/^[A-Za-z0-9]{48}$/);
    const upgrade = helm(major, ['upgrade', RELEASE, chartWithVersion('0.2.0'), '-n', ns, '--set', 'database.mode=postgres', ...WAIT]);
    expect(upgrade.stderr).toBe('');
    expect(upgrade.code).toBe(0);
    const postgres = getObject(ns, 'statefulset/todo-chatbot-postgres');
    expect(postgres.metadata.labels['app.kubernetes.io/version']).toBe('0.2.0');
    expect({ updated: postgres.status.updatedReplicas, ready: postgres.status.readyReplicas }).toEqual({ updated: 1, ready: 1 });
    expect(secretValue(ns, 'todo-chatbot-secrets', 'postgres-password')).toBe(password);
  });

  test('helm uninstall leaves the database claim the StatefulSet made, bound to its volume, and the Secret with its password', () => {
    const volume = getObject(ns, CLAIM).spec.volumeName;
    expect(helm(major, ['uninstall', RELEASE, '-n', ns, '--wait']).code).toBe(0);
    expect(releaseObjectsAfterCleanup(ns, RELEASE)).toEqual(['persistentvolumeclaim/data-todo-chatbot-postgres-0', 'secret/todo-chatbot-secrets']);
    const claim = getObject(ns, CLAIM);
    expect({ deleting: claim.metadata.deletionTimestamp, phase: claim.status.phase, volume: claim.spec.volumeName }).toEqual({ deleting: undefined, phase: 'Bound', volume });
  });

  test('a reinstall pairs the kept data with the password it was made with', () => {
    const volume = getObject(ns, CLAIM).spec.volumeName;
    const r = helm(major, ['install', RELEASE, CHART, '-n', ns, '--set', 'database.mode=postgres', ...WAIT]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(getObject(ns, CLAIM).spec.volumeName).toBe(volume);
    expect(secretValue(ns, 'todo-chatbot-secrets', 'postgres-password')).toBe(password);
    expect(secretValue(ns, 'todo-chatbot-secrets', 'database-url')).toContain(`:${password}@`);
  });
});

describe('the mock LLM (helm 4)', () => {
  test('ai.provider=mock installs the cdk8s-plus objects, admitted under "restricted", and every pod becomes Ready', () => {
    const ns = namespace('mock-llm');
    const r = helm(4, ['install', RELEASE, CHART, '-n', ns, '--set', 'ai.provider=mock', ...WAIT]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const readiness = workloadReadiness(ns, RELEASE);
    expect(readiness).toEqual(allReady(readiness));
    expect(readiness).toContain('Deployment/todo-chatbot-mock-llm: ready');
    expect(releaseObjects(ns, RELEASE)).toEqual(expect.arrayContaining(['service/todo-chatbot-mock-llm', 'configmap/todo-chatbot-mock-llm-server']));
  });
});

describe.each(HELM_MAJORS)('releases side by side on helm %i', (major) => {
  test('two releases in one namespace, and one release in two namespaces, do not collide', () => {
    const shared = namespace(`shared-helm${major}`);
    const [a, b] = [namespace(`team-a-helm${major}`), namespace(`team-b-helm${major}`)];
    for (const [release, ns] of [['one', shared], ['two', shared], ['app', a], ['app', b]]) {
      const r = helm(major, ['install', release, CHART, '-n', ns]);
      expect({ release, ns, stderr: r.stderr, code: r.code }).toEqual({ release, ns, stderr: '', code: 0 });
    }
    expect(releaseObjects(shared, 'one').filter((o) => o.includes('two-'))).toEqual([]);
    expect(releaseObjects(shared, 'two')).toContain('deployment.apps/two-backend');
    expect(releaseObjects(b, 'app')).toContain('deployment.apps/app-backend');
  });
});
