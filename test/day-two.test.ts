// Day two: the Secret outlives an uninstall with the data it protects, a
// budget never blocks a drain, stopping pods finish their requests, GitOps
// renders stay stable, and NOTES fit where the release runs. Upgrades and
// rolling are in upgrade-safety.test.ts and rolling.test.ts.
import { spawn } from 'child_process';
import { ConfigInput, loadConfig } from '../lib/config';
import { compareManifests, generatedKeys } from './support/equivalence';
import { CHART, HELM_MAJORS, helmTemplate, parseManifests, runHelm, valuesFile } from './support/helm';
import { validateObjects } from './support/k8s-schema';
import { objectsOf, renderCase } from './support/render';

const secretOf = (objects: any[]) => objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'todo-chatbot-secrets');
const container = (objects: any[], name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === `todo-chatbot-${name}`).spec.template.spec.containers[0];

describe('the app Secret is kept on uninstall while the chart keeps the data it protects', () => {
  test.each([
    { mode: 'sqlite', kept: true },
    { mode: 'postgres', kept: true },
    { mode: 'external', kept: false },
  ] as const)('database.mode=$mode: kept is $kept, in synth and in the chart', async ({ mode, kept }) => {
    const values: ConfigInput = { database: { mode }, secrets: mode === 'external' ? { databaseUrl: 'postgresql://u:p@db.example.com/todo' } : {} };
    const expected = kept ? 'keep' : undefined;
    expect(secretOf(objectsOf({ values })).metadata.annotations?.['helm.sh/resource-policy']).toBe(expected);
    for (const major of HELM_MAJORS) {
      const { objects } = await helmTemplate(major, { release: 'todo-chatbot', namespace: 'todo-chatbot', valuesFiles: [valuesFile(values)] });
      expect(secretOf(objects).metadata.annotations?.['helm.sh/resource-policy']).toBe(expected);
    }
  });

  test('both generated values are read back from the installed Secret (lookup), so upgrades keep them', () => {
    const secretTemplate = renderCase({}).chart.get('templates/secrets/secret.yaml') as string;
    // One action per generated value, however its lines are broken.
    const lookups = secretTemplate.replace(/\s+/g, ' ').split('{{').filter((l) => l.includes('(lookup "v1" "Secret" $.Release.Namespace'));
    expect(lookups.map((l) => /\$\.Values\.secrets\.keys\.(\w+)/.exec(l)?.[1]).sort()).toEqual(['authSecret', 'postgresPassword']);
  });
});

describe('disruption budgets never block a node drain', () => {
  test('a budget that keeps the one SQLite backend pod is refused, naming the field', () => {
    expect(() => loadConfig({ layers: [{ backend: { pdb: { create: true, minAvailable: 1 } } }] })).toThrow(/^backend\.pdb\.minAvailable: must be below the pod count of backend \(backend\.replicaCount, or backend\.autoscaling\.minReplicas while autoscaling\), or no node drain can evict its pods/);
  });

  test('the default budget lets the one pod go, and the old key says where it moved', () => {
    const objects = objectsOf({ values: { backend: { pdb: { create: true } } } });
    expect(objects.find((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'todo-chatbot-backend').spec).toEqual(expect.objectContaining({ maxUnavailable: 1 }));
    expect(() => loadConfig({ layers: [{ podDisruptionBudget: { enabled: true } } as unknown as ConfigInput] })).toThrow(/^podDisruptionBudget: has moved: use frontend\.pdb, backend\.pdb/);
  });
});

describe('stopping pods keep serving while they leave the Service endpoints', () => {
  test('Kubernetes 1.30 and later: the preStop sleep action, below the grace period; before 1.30, a sleep run by the image', () => {
    const at = (kubeVersion: string) => parseManifests(renderCase({ kubeVersion }).manifests);
    for (const v of ['1.30.0', '1.34.1', 'v1.31.2-gke.1']) {
      expect(container(at(v), 'frontend').lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
      expect(container(at(v), 'backend').lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    }
    const old = at('1.29.9');
    expect(container(old, 'frontend').lifecycle).toEqual({ preStop: { exec: { command: ['node', '-e', 'setTimeout(() => {}, 5 * 1000)'] } } });
    expect(container(old, 'backend').lifecycle).toEqual({ preStop: { exec: { command: ['python', '-c', 'import time; time.sleep(5)'] } } });
    for (const o of at('1.30.0').filter((x) => x.kind === 'Deployment')) expect(o.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(5);
    expect(validateObjects(at('1.34.0'), '1.34.0')).toEqual([]);
    expect(container(objectsOf({ values: { frontend: { shutdownDelaySeconds: 0 } } }), 'frontend').lifecycle).toBeUndefined();
  });

  test.each(HELM_MAJORS)('helm %i asks the cluster version and renders what synth renders for it', async (major) => {
    for (const kubeVersion of ['1.29.0', '1.30.0']) {
      const { objects, result } = await helmTemplate(major, { release: 'todo-chatbot', namespace: 'todo-chatbot', kubeVersion });
      expect(result.stderr).toBe('');
      const synth = parseManifests(renderCase({ kubeVersion }).manifests);
      expect(compareManifests(synth, objects, generatedKeys(loadConfig({})))).toEqual([]);
    }
  });

  test('the exec fallback commands run with the images\' runtimes and sleep as long as asked', async () => {
    const objects = parseManifests(renderCase({ kubeVersion: '1.28.0', values: { frontend: { shutdownDelaySeconds: 1 }, backend: { shutdownDelaySeconds: 1 } } }).manifests);
    const runtimes: Record<string, string> = { node: process.execPath, python: 'python3' };
    const timed = ([bin, ...args]: string[]) =>
      new Promise<{ code: number | null; ms: number }>((resolve) => {
        const start = Date.now();
        spawn(runtimes[bin], args, { stdio: 'ignore' }).on('exit', (code) => resolve({ code, ms: Date.now() - start }));
      });
    const runs = await Promise.all(['frontend', 'backend'].map((c) => timed(container(objects, c).lifecycle.preStop.exec.command)));
    for (const r of runs) expect({ code: r.code, atLeastOneSecond: r.ms >= 950 }).toEqual({ code: 0, atLeastOneSecond: true });
  });

  test('a grace period that does not outlast the delay is refused', () => {
    expect(() => loadConfig({ layers: [{ frontend: { shutdownDelaySeconds: 30 } }] })).toThrow(
      /^frontend\.terminationGracePeriodSeconds: must be above frontend\.shutdownDelaySeconds: the grace period counts the delay/,
    );
  });
});

describe('GitOps renders (no cluster to read generated values back from)', () => {
  const render = async (values: ConfigInput) => (await runHelm(4, ['template', 'todo-chatbot', CHART, '-n', 'todo-chatbot', '-f', valuesFile(values)])).stdout;

  test('with secrets.authSecretFrom, two renders are identical, and both workloads read the auth secret from that Secret', async () => {
    const values: ConfigInput = { secrets: { authSecretFrom: { name: 'todo-auth', key: 'token' } } };
    const [a, b] = await Promise.all([render(values), render(values)]);
    expect(a).toBe(b);
    const objects = parseManifests(a);
    for (const c of ['frontend', 'backend']) {
      expect(container(objects, c).env.find((e: any) => e.name === 'BETTER_AUTH_SECRET').valueFrom).toEqual({ secretKeyRef: { name: 'todo-auth', key: 'token' } });
    }
    expect(Object.keys(secretOf(objects).data)).not.toContain('auth-secret');
    // Without it, each render generates another secret: the hole this closes.
    const [c, d] = await Promise.all([render({}), render({})]);
    expect(c).not.toBe(d);
  });

  test('an auth secret given twice is refused', () => {
    expect(() => loadConfig({ layers: [{ secrets: { authSecret: 'x', authSecretFrom: { name: 'todo-auth' } } }] })).toThrow(
      /^secrets\.authSecretFrom\.name: must be empty when secrets\.authSecret is set/,
    );
  });
});

describe('NOTES fit where the release runs (helm 4 renders them without a cluster)', () => {
  const notes = async (args: string[]) => {
    const r = await runHelm(4, ['install', 'todo-chatbot', CHART, '-n', 'todo-chatbot', '--dry-run=client', ...args]);
    expect(r.stderr).toBe('');
    return r.stdout.slice(r.stdout.indexOf('NOTES:'));
  };

  test('a local host name gets the /etc/hosts lines for minikube and kind', async () => {
    const text = await notes([]);
    expect(text).toContain('echo "$(minikube ip) todo.local" | sudo tee -a /etc/hosts');
    expect(text).not.toContain('Point the DNS name');
  });

  test('a public host name gets DNS and TLS hints, and no /etc/hosts lines', async () => {
    const text = await notes(['-f', `${CHART}/values-production.yaml`]);
    expect(text).not.toContain('/etc/hosts');
    expect(text).toContain('Point the DNS name todo.example.com at the ingress controller\'s address:');
    expect(text).toContain('kubectl get ingress todo-chatbot-ingress -n todo-chatbot');
    expect(text).toContain('HTTPS uses the certificate in the Secret todo-chatbot-tls');
  });

  test('generated values are named, with the GitOps way to keep them', async () => {
    expect(await notes(['--set', 'database.mode=postgres'])).toMatch(/auth secret was generated[\s\S]*secrets\.authSecretFrom\.name[\s\S]*PostgreSQL password was generated/);
    expect(await notes(['--set', 'secrets.authSecretFrom.name=todo-auth'])).not.toContain('was generated');
  });
});
