// An upgrade to the next version of the chart, with changed values, never
// changes a field Kubernetes refuses to change: `helm upgrade` and
// `kubectl apply -f dist/` go through. The rule is test/support/immutable-fields.ts.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { ConfigInput, loadConfig } from '../lib/config';
import { TodoChatbotChart } from '../lib/todo-chatbot-chart';
import { CHART, chartWithVersion, HELM_MAJORS, helmTemplate, valuesFile } from './support/helm';
import { IMMUTABLE_FIELDS, immutableChanges, objectId } from './support/immutable-fields';
import { PINNED } from './support/render';

const [N, N1] = ['0.1.0', '0.2.0'];

interface Release {
  readonly profile?: string;
  readonly values?: ConfigInput;
  readonly version?: string;
  readonly kubeVersion?: string;
}

function objects(r: Release): any[] {
  const config = loadConfig({ profile: r.profile, layers: r.values ? [r.values] : [] });
  return new TodoChatbotChart(new App(), 'todo-chatbot', { config, version: r.version ?? N, generate: PINNED, kubeVersion: r.kubeVersion }).toJson();
}

/** Every optional object on: PostgreSQL, the mock LLM, the HTTPRoute beside the Ingress, autoscalers and budgets. */
const EVERYTHING: ConfigInput = {
  ai: { provider: 'mock' },
  database: { mode: 'postgres', postgres: { pdb: { create: true } } },
  httpRoute: { enabled: true, parentRefs: [{ name: 'gateway', namespace: 'gateway-system' }] },
  frontend: { replicaCount: 2, autoscaling: { enabled: true }, pdb: { create: true } },
  backend: { replicaCount: 2, autoscaling: { enabled: true }, pdb: { create: true } },
};

const BASES: Array<{ name: string } & Release> = [
  { name: 'local (SQLite)', profile: 'local' },
  { name: 'kind', profile: 'kind' },
  { name: 'production (external database)', profile: 'production' },
  { name: 'every optional object (PostgreSQL)', profile: 'local', values: EVERYTHING },
];

function workloadChanges(c: string, n: number) {
  return {
    image: { tag: '0.2.0' },
    replicaCount: n,
    resources: { requests: { cpu: '300m', memory: '400Mi' }, limits: { cpu: '2', memory: '2Gi' } },
    env: { LOG_LEVEL: 'debug' },
    podLabels: { team: `${c}-team` },
    podAnnotations: { 'prometheus.io/scrape': 'true' },
    service: { type: 'NodePort' as const, annotations: { 'example.com/lb': 'internal' } },
    shutdownDelaySeconds: 10,
    terminationGracePeriodSeconds: 45,
    revisionHistoryLimit: 3,
  };
}

/** The values of the next release: what a day-two upgrade changes, and only what Kubernetes lets an upgrade change. */
function nextValues(base: Release): ConfigInput {
  const postgres = (base.values?.database as { mode?: string } | undefined)?.mode === 'postgres';
  return {
    ...base.values,
    commonLabels: { 'cost-center': 'todo-42' },
    commonAnnotations: { 'example.com/owner': 'platform' },
    frontend: { ...(base.values?.frontend as object), ...workloadChanges('frontend', 3) },
    backend: { ...(base.values?.backend as object), ...workloadChanges('backend', postgres ? 3 : 1), ...(postgres ? {} : { updateStrategy: { type: 'Recreate' } }) },
    ai: (base.values?.ai as { provider?: string } | undefined)?.provider === 'mock'
      ? { provider: 'mock', model: 'gpt-4o-mini', mock: { port: 9000, model: 'mock-2', image: { repository: 'python', tag: '3.13-slim' } } }
      : { provider: 'openai', model: 'gpt-4o-mini' },
    secrets: base.profile === 'production' ? (base.values?.secrets as object) : { authSecret: 'rotated-auth-secret', groqApiKey: 'gsk-rotated', postgresPassword: 'kept-by-values' },
    ingress: { ...(base.profile === 'production' ? {} : { host: 'todo.example.com' }), tls: { enabled: true } },
    database: postgres
      ? { mode: 'postgres', postgres: { pdb: { create: false }, revisionHistoryLimit: 5, updateStrategy: { type: 'OnDelete' }, image: { tag: '16.5-alpine' } } }
      : { ...(base.values?.database as object), sqlite: { size: '5Gi' } },
  };
}

describe('upgrade safety: immutable fields stay the same from version N to N+1', () => {
  test.each(BASES)('$name: chart version, appVersion, values and cluster version all change', (base) => {
    const before = objects(base);
    const after = objects({ ...base, values: nextValues(base), version: N1, kubeVersion: '1.31.0' });
    expect(immutableChanges(before, after)).toEqual([]);
    // The upgrade is real: every object of N still exists, and its version label moved.
    const ids = new Set(after.map(objectId));
    const kept = before.filter((o) => ids.has(objectId(o)));
    expect(kept.length).toBeGreaterThan(before.length / 2);
    expect(after.filter((o) => o.metadata.labels?.['app.kubernetes.io/version'] === N1).length).toBe(after.filter((o) => o.metadata.labels).length);
  });

  test('the rule knows every kind the chart can render, and each kind with immutable fields is compared above', () => {
    const templates = path.join(CHART, 'templates');
    const files = fs.readdirSync(templates, { recursive: true, encoding: 'utf-8' }).filter((f) => f.endsWith('.yaml'));
    const templateKinds = new Set(files.flatMap((f) => [...fs.readFileSync(path.join(templates, f), 'utf-8').matchAll(/^kind: "?(\w+)"?$/gm)].map((m) => m[1])));
    const compared = new Set(BASES.flatMap((b) => objects(b).map((o) => o.kind)));
    const renderable = new Set([...templateKinds, ...compared]);
    expect([...renderable].filter((k) => !IMMUTABLE_FIELDS[k])).toEqual([]);
    expect(Object.keys(IMMUTABLE_FIELDS).filter((k) => !renderable.has(k))).toEqual([]);
    // Kinds with fields to compare must be rendered by some case (the helm test Pod is a hook: only the chart has it).
    expect([...templateKinds].filter((k) => !compared.has(k) && IMMUTABLE_FIELDS[k].same.length > 0)).toEqual([]);
  });

  test('the rule catches what would break an upgrade: a changing claim template, selector or claim size', () => {
    const postgres = objects({ values: EVERYTHING });
    // A version label in the claim template, as the chart once had.
    const labelled = (version: string) =>
      postgres.map((o) => (o.kind !== 'StatefulSet' ? o : { ...o, spec: { ...o.spec, volumeClaimTemplates: o.spec.volumeClaimTemplates.map((t: any) => ({ ...t, metadata: { ...t.metadata, labels: { ...t.metadata.labels, 'app.kubernetes.io/version': version } } })) } }));
    expect(immutableChanges(labelled(N), labelled(N1))).toEqual([expect.stringMatching(/^StatefulSet\/todo-chatbot\/todo-chatbot-postgres: spec\.volumeClaimTemplates changes/)]);
    // Values the chart cannot change on an installed release (the README's day-two section says so).
    const resized = objects({ values: { ...EVERYTHING, database: { mode: 'postgres', postgres: { size: '20Gi' } } } });
    expect(immutableChanges(postgres, resized)).toEqual([expect.stringMatching(/StatefulSet\/.*spec\.volumeClaimTemplates changes/)]);
    const renamed = objects({ values: { nameOverride: 'todo' } });
    expect(immutableChanges(objects({}), renamed)).toEqual(expect.arrayContaining([expect.stringMatching(/^Deployment\/todo-chatbot\/todo-chatbot-frontend: spec\.selector changes/)]));
    const shrunk = objects({ values: { database: { sqlite: { size: '500Mi' } } } });
    expect(immutableChanges(objects({}), shrunk)).toEqual([expect.stringMatching(/^PersistentVolumeClaim\/todo-chatbot\/todo-chatbot-sqlite: spec\.resources\.requests\.storage shrinks from 1Gi to 500Mi/)]);
  });

  test.each(HELM_MAJORS)('helm %i: the packaged chart at N and at N+1 (Chart.yaml bumped) keeps every immutable field', async (major) => {
    const base = BASES[3];
    const next = chartWithVersion(N1);
    const [before, after] = await Promise.all([
      helmTemplate(major, { release: 'todo-chatbot', namespace: 'todo-chatbot', valuesFiles: [valuesFile(base.values)] }),
      helmTemplate(major, { release: 'todo-chatbot', namespace: 'todo-chatbot', chart: next, valuesFiles: [valuesFile(nextValues(base))], kubeVersion: '1.31.0' }),
    ]);
    expect([before.result.stderr, after.result.stderr]).toEqual(['', '']);
    expect(after.objects.find((o) => o.kind === 'StatefulSet').metadata.labels['app.kubernetes.io/version']).toBe(N1);
    expect(immutableChanges(before.objects, after.objects)).toEqual([]);
  });
});
