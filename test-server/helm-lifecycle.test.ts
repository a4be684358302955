// helm install, upgrade (new chart version, changed values), rollback and
// uninstall of every profile on helm 3 and helm 4, against a real API server.
import { HELM_MAJORS } from '../test/support/helm';
import {
  CHART, chartWithVersion, getObject, helm, kubectlOk, namespace, profileValues, releaseObjects, secretValue, valuesFile,
} from './support/kube';

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

  test('helm install creates every object, admitted under Pod Security "restricted"', () => {
    const r = helm(major, ['install', RELEASE, CHART, '-n', ns, ...profileValues(profile)]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const objects = releaseObjects(ns, RELEASE);
    expect(objects).toEqual(expect.arrayContaining(['deployment.apps/todo-chatbot-backend', 'deployment.apps/todo-chatbot-frontend', 'service/todo-chatbot-backend', 'configmap/todo-chatbot-config']));
    expect(objects.includes('persistentvolumeclaim/todo-chatbot-sqlite')).toBe(sqlite);
    if (sqlite) {
      authSecret = secretValue(ns, 'todo-chatbot-secrets', 'auth-secret');
      expect(authSecret).toMatch(/^[A-Za-z0-9]{48}$/);
    }
  });

  test('helm upgrade to a new chart version with changed values keeps the generated auth secret', () => {
    const values = valuesFile({
      frontend: { replicaCount: 2 },
      backend: { env: { LOG_LEVEL: 'debug' } },
      ...(sqlite ? { secrets: { groqApiKey: 'gsk-upgraded' } } : {}),
    });
    const r = helm(major, ['upgrade', RELEASE, chartWithVersion('0.2.0'), '-n', ns, ...profileValues(profile), '-f', values]);
    expect(r.stderr).not.toMatch(/error|forbidden|immutable/i);
    expect(r.code).toBe(0);
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
    const r = helm(major, ['rollback', RELEASE, '1', '-n', ns]);
    expect(r.code).toBe(0);
    expect(getObject(ns, 'deployment/todo-chatbot-backend').metadata.labels['app.kubernetes.io/version']).toBe('0.1.0');
    if (sqlite) expect(secretValue(ns, 'todo-chatbot-secrets', 'auth-secret')).toBe(authSecret);
  });

  test('helm uninstall removes everything but the data volume claim', () => {
    const r = helm(major, ['uninstall', RELEASE, '-n', ns]);
    expect(r.code).toBe(0);
    expect(releaseObjects(ns, RELEASE)).toEqual(sqlite ? ['persistentvolumeclaim/todo-chatbot-sqlite'] : []);
    // Without controllers a deleted claim lingers on its finalizer: it must not be marked deleted at all.
    if (sqlite) expect(getObject(ns, 'pvc/todo-chatbot-sqlite').metadata.deletionTimestamp).toBeUndefined();
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
  test('an upgrade to a new appVersion is accepted (volumeClaimTemplates never change)', () => {
    const ns = namespace(`postgres-helm${major}`);
    const install = helm(major, ['install', RELEASE, CHART, '-n', ns, '--set', 'database.mode=postgres']);
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    const upgrade = helm(major, ['upgrade', RELEASE, chartWithVersion('0.2.0'), '-n', ns, '--set', 'database.mode=postgres']);
    expect(upgrade.stderr).toBe('');
    expect(upgrade.code).toBe(0);
    expect(getObject(ns, 'statefulset/todo-chatbot-postgres').metadata.labels['app.kubernetes.io/version']).toBe('0.2.0');
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
