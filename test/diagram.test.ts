/**
 * The architecture diagram: the condition describer, nodes, groups and edges
 * found in a small chart that knows nothing of the app, the Mermaid text, the
 * app chart's main references, and that README.md holds the generated block.
 */
import { App } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { APP_NAME } from '../lib/constructs/naming';
import { DEFAULT_CONFIG } from '../lib/config';
import { packageChart } from '../lib/helm/package-chart';
import { diagramIn, DIAGRAM_BEGIN, DIAGRAM_END, generatedDiagram, withDiagram } from '../lib/readme-diagram';
import { describeCondition, describeValue } from '../lib/template/describe';
import { Architecture, architectureOf, DiagramEdge, DiagramNode, mermaidFlowchart, mermaidText } from '../lib/template/diagram';
import {
  and, base64, EvalContext, eq, Expr, isSet, Literal, lt, not, or, release, str, ValueRef, withDefault,
} from '../lib/template/expr';
import { quantityLess } from '../lib/template/quantity';
import { TemplatedChart } from '../lib/template/templated-chart';
import { TemplatedObject } from '../lib/template/templated-object';
import { letIn, member, when } from '../lib/template/tree';
import { TodoChatbotChart } from '../lib/todo-chatbot-chart';
import { Construct } from 'constructs';

const ROOT = path.resolve(__dirname, '..');
const ref = <T>(p: string, kind: 'string' | 'number' | 'boolean' | 'object' | 'array' = 'string') => new ValueRef<T>(p.split('.'), kind);

describe('describeCondition', () => {
  test.each([
    ['ingress.enabled', ref('ingress.enabled', 'boolean')],
    ['database.mode = postgres', eq(ref('database.mode'), 'postgres')],
    ['database.mode != sqlite', not(eq(ref('database.mode'), 'sqlite'))],
    ['secrets.create and not secrets.existingSecret', and(ref('secrets.create', 'boolean'), not(isSet(ref('secrets.existingSecret'))))],
    ['a and b and c', and(ref('a', 'boolean'), and(ref('b', 'boolean'), ref('c', 'boolean')))],
    ['(a and b) or c', or(and(ref('a', 'boolean'), ref('b', 'boolean')), ref('c', 'boolean'))],
    ['a and (b or c)', and(ref('a', 'boolean'), or(ref('b', 'boolean'), ref('c', 'boolean')))],
    ['not (a and b)', not(and(ref('a', 'boolean'), ref('b', 'boolean')))],
    ['a', not(not(ref('a', 'boolean')))],
    ['replicas < 2', lt(ref('replicas', 'number'), 2)],
    ['limit >= request', not(quantityLess(ref('limit'), ref('request')))],
    ['name = "two words"', eq(ref('name'), 'two words')],
    ['name = ""', eq(ref('name'), '')],
    ['"{release.name}-x" = y', eq(str`${release.name}-x`, 'y')],
    ['true and a', and(new Literal(true), ref('a', 'boolean'))],
    ['labels["app.kubernetes.io/name"]', new ValueRef(['labels', 'app.kubernetes.io/name'], 'string')],
  ] as Array<[string, Expr]>)('%s', (text, e) => {
    expect(describeCondition(e)).toBe(text);
  });

  test('anything else reads as its Go template', () => {
    expect(describeCondition(isSet(base64(ref('key'))), { helperPrefix: 'demo' })).toBe('(b64enc $.Values.key)');
  });

  test('values read as paths, strings with placeholders, or defaults', () => {
    expect(describeValue(withDefault(ref('existing'), str`${release.name}-secret`))).toBe('existing or else "{release.name}-secret"');
  });
});

function ctx(values: unknown): EvalContext {
  return { values, release: { name: 'rel', namespace: 'ns', service: 'Helm' }, chart: { name: 'demo', version: '1.0.0', appVersion: '1.0.0' }, kubeVersion: '1.28.0', generate: () => 'random', scope: new Map() };
}

const DEMO_VALUES = {
  nameOverride: '',
  store: { create: true, existing: '', mode: 'disk' },
  ingress: { enabled: true },
  autoscaling: { enabled: false },
  worker: { extra: false },
};

/** A chart with references of every kind the diagram follows, and some it must not. */
function demoChart(values: unknown = DEMO_VALUES): TemplatedChart {
  const chart = new TemplatedChart(new App(), 'demo', { context: ctx(values) });
  const fullname = chart.namedValue('fullname', withDefault(ref<string>('nameOverride'), release.name), 'The name.');
  const selector = chart.namedMap('selector', { app: 'demo', instance: release.name }, 'The selector.');
  const name = (suffix: string) => str`${fullname}-${suffix}`;
  const podLabels = (tier: string) => ({ [member()]: selector, tier, version: '1' });
  const matchLabels = (tier: string) => ({ [member()]: selector, tier });
  const object = (scope: Construct, id: string, kind: string, manifest: object, extra: { when?: Expr<boolean>; chartOnly?: boolean } = {}) =>
    new TemplatedObject(scope, id, { apiVersion: 'v1', kind, manifest: manifest as never, ...extra });
  const disk = eq(ref('store.mode'), 'disk');
  const secretName = name('secret');

  const store = new Construct(chart, 'store');
  object(store, 'secret', 'Secret', { metadata: { name: name('secret') } }, { when: and(ref('store.create', 'boolean'), not(isSet(ref('store.existing')))) });
  object(store, 'settings', 'ConfigMap', { metadata: { name: name('settings') } });
  object(store, 'claim', 'PersistentVolumeClaim', { metadata: { name: name('data') } }, { when: disk });

  const app = new Construct(chart, 'app');
  const workload = new Construct(app, 'workload');
  object(workload, 'account', 'ServiceAccount', { metadata: { name: name('app') } });
  object(workload, 'deployment', 'Deployment', {
    metadata: { name: name('app') },
    spec: {
      selector: { matchLabels: matchLabels('web') },
      template: {
        metadata: { labels: podLabels('web') },
        spec: {
          serviceAccountName: name('app'),
          containers: [{
            name: 'app',
            env: [
              { name: 'A', valueFrom: { secretKeyRef: { name: withDefault(ref('store.existing'), secretName), key: 'a' } } },
              { name: 'B', valueFrom: { configMapKeyRef: { name: name('settings'), key: 'b' } } },
            ],
          }],
          volumes: [when(disk, { name: 'data', persistentVolumeClaim: { claimName: name('data') } }), { name: 'tmp', emptyDir: {} }],
        },
      },
    },
  });
  object(workload, 'service', 'Service', { metadata: { name: name('app') }, spec: { selector: matchLabels('web') } });
  object(workload, 'hpa', 'HorizontalPodAutoscaler', {
    metadata: { name: name('app') },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: name('app') } },
  }, { when: ref('autoscaling.enabled', 'boolean') });
  object(workload, 'pdb', 'PodDisruptionBudget', { metadata: { name: name('app') }, spec: { selector: { matchLabels: matchLabels('web') } } });

  const worker = new Construct(chart, 'worker');
  object(worker, 'deployment', 'Deployment', letIn({ settings: name('settings') }, ({ settings }) => ({
    metadata: { name: name('worker') },
    spec: {
      template: {
        metadata: { labels: podLabels('worker') },
        spec: {
          containers: [{
            name: 'worker',
            envFrom: [{ configMapRef: { name: settings } }],
            env: [when(ref('worker.extra', 'boolean'), { name: 'X', valueFrom: { secretKeyRef: { name: secretName, key: 'x' } } })],
          }],
          // A claim of another name is not the store's.
          volumes: [{ name: 'other', persistentVolumeClaim: { claimName: name('other') } }],
        },
      },
    },
  })));
  object(worker, 'orphan', 'Service', { metadata: { name: name('orphan') }, spec: { selector: matchLabels('nothing') } });

  const edge = new Construct(chart, 'edge');
  object(edge, 'ingress', 'Ingress', {
    metadata: { name: name('ingress') },
    spec: {
      rules: [{
        http: {
          paths: [
            { path: '/api', pathType: 'Prefix', backend: { service: { name: name('app'), port: { name: 'http' } } } },
            { path: '/docs', pathType: 'Prefix', backend: { service: { name: name('app'), port: { name: 'http' } } } },
          ],
        },
      }],
    },
  }, { when: ref('ingress.enabled', 'boolean') });
  object(edge, 'policy', 'NetworkPolicy', {
    metadata: { name: name('web') },
    spec: {
      podSelector: { matchLabels: matchLabels('web') },
      ingress: [{
        from: [
          { podSelector: { matchLabels: { tier: 'worker' } } },
          // Pods of another namespace, even with matching labels, are not this chart's.
          { namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { tier: 'worker' } } },
        ],
      }],
    },
  });
  object(edge, 'deny', 'NetworkPolicy', { metadata: { name: name('deny') }, spec: { podSelector: {} } });

  object(chart, 'top', 'ConfigMap', { metadata: { name: name('top') } });

  const tests = new Construct(chart, 'tests');
  object(tests, 'pod', 'Pod', {
    metadata: { name: name('test'), labels: { tier: 'test' } },
    spec: { containers: [{ name: 't', env: [{ name: 'A', valueFrom: { secretKeyRef: { name: secretName, key: 'a' } } }] }] },
  }, { chartOnly: true });
  return chart;
}

const byId = (arch: Architecture, id: string): DiagramNode => {
  const node = arch.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id} in ${arch.nodes.map((n) => n.id).join(', ')}`);
  return node;
};
const edgeText = (e: DiagramEdge) => `${e.from} ${e.style === 'peer' ? '-.->' : '-->'} ${e.to} [${e.label}]${e.condition ? ` if ${e.condition}` : ''}`;

describe('architecture of a chart that knows nothing of the app', () => {
  const arch = architectureOf(demoChart());

  test('a node per object with its kind, evaluated name, group and condition; chart-only objects left out', () => {
    expect(arch.nodes.map((n) => [n.id, n.kind, n.name, n.group ?? '', n.condition ?? ''])).toEqual([
      ['n_store_secret', 'Secret', 'rel-secret', 'g_store', 'store.create and not store.existing'],
      ['n_store_settings', 'ConfigMap', 'rel-settings', 'g_store', ''],
      ['n_store_claim', 'PersistentVolumeClaim', 'rel-data', 'g_store', 'store.mode = disk'],
      ['n_app_workload_account', 'ServiceAccount', 'rel-app', 'g_app', ''],
      ['n_app_workload_deployment', 'Deployment', 'rel-app', 'g_app', ''],
      ['n_app_workload_service', 'Service', 'rel-app', 'g_app', ''],
      ['n_app_workload_hpa', 'HorizontalPodAutoscaler', 'rel-app', 'g_app', 'autoscaling.enabled'],
      ['n_app_workload_pdb', 'PodDisruptionBudget', 'rel-app', 'g_app', ''],
      ['n_worker_deployment', 'Deployment', 'rel-worker', 'g_worker', ''],
      ['n_worker_orphan', 'Service', 'rel-orphan', 'g_worker', ''],
      ['n_edge_ingress', 'Ingress', 'rel-ingress', 'g_edge', 'ingress.enabled'],
      ['n_edge_policy', 'NetworkPolicy', 'rel-web', 'g_edge', ''],
      ['n_edge_deny', 'NetworkPolicy', 'rel-deny', 'g_edge', ''],
      ['n_top', 'ConfigMap', 'rel-top', '', ''],
    ]);
  });

  test('a group per top-level construct, in construction order; objects directly under the chart stand alone', () => {
    expect(arch.items.map((i) => ('nodes' in i ? `${i.title}: ${i.nodes.length}` : i.id))).toEqual(['store: 3', 'app: 5', 'worker: 2', 'edge: 3', 'n_top']);
  });

  test('edges come from the trees: names (through default, let and conditions) and label selectors', () => {
    expect(arch.edges.map(edgeText)).toEqual([
      'n_app_workload_deployment --> n_store_secret [env]',
      'n_app_workload_deployment --> n_store_settings [env]',
      'n_app_workload_deployment --> n_store_claim [volume]',
      'n_app_workload_deployment --> n_app_workload_account [account]',
      'n_app_workload_service --> n_app_workload_deployment [selects]',
      'n_app_workload_hpa --> n_app_workload_deployment [scales]',
      'n_app_workload_pdb --> n_app_workload_deployment [protects]',
      'n_worker_deployment --> n_store_secret [env] if worker.extra',
      'n_worker_deployment --> n_store_settings [env]',
      'n_edge_ingress --> n_app_workload_service [/api]',
      'n_edge_ingress --> n_app_workload_service [/docs]',
      'n_edge_policy --> n_app_workload_deployment [selects]',
      'n_edge_policy -.-> n_worker_deployment [ingress from]',
    ]);
  });

  test('a selector that takes every workload is a note on its node, not an edge to each', () => {
    expect(byId(arch, 'n_edge_deny').notes).toEqual(['selects all pods']);
    expect(byId(arch, 'n_edge_policy').notes).toEqual([]);
  });

  test('an edge keeps only the conditions its ends do not already have', () => {
    // The volume exists when store.mode = disk, which is the claim's own condition.
    const volume = arch.edges.find((e) => e.label === 'volume');
    expect(volume?.condition).toBeUndefined();
    expect(byId(arch, 'n_store_claim').condition).toBe('store.mode = disk');
  });

  test('a reference "default <own name> .Values.existing" links to the own object whatever the values say', () => {
    const withExisting = architectureOf(demoChart({ ...DEMO_VALUES, store: { ...DEMO_VALUES.store, existing: 'theirs' } }));
    expect(withExisting.edges.map(edgeText)).toContain('n_app_workload_deployment --> n_store_secret [env]');
  });

  test('names follow the context given', () => {
    const other = architectureOf(demoChart(), { context: { ...ctx({ ...DEMO_VALUES, nameOverride: 'x' }), release: { name: 'r2', namespace: 'n', service: 'Helm' } } });
    expect(byId(other, 'n_app_workload_deployment').name).toBe('x-app');
    expect(other.edges).toEqual(arch.edges);
  });

  test('chart-only objects can be shown, marked, with their references', () => {
    const all = architectureOf(demoChart(), { includeChartOnly: true });
    expect(byId(all, 'n_tests_pod')).toMatchObject({ kind: 'Pod', name: 'rel-test', chartOnly: true, group: 'g_tests' });
    expect(all.edges.map(edgeText)).toContain('n_tests_pod --> n_store_secret [env]');
    const text = mermaidFlowchart(demoChart(), { includeChartOnly: true });
    expect(text).toContain('n_tests_pod["Pod<br/>rel-test<br/>chart only"]');
    expect(text).toContain('  class n_tests_pod chartOnly');
    expect(mermaidFlowchart(demoChart())).not.toContain('n_tests_pod');
  });
});

describe('Mermaid text', () => {
  const text = mermaidFlowchart(demoChart());

  test('is a flowchart with subgraphs, quoted labels, labelled edges and styles for conditional objects', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  subgraph g_store ["store"]');
    expect(lines).toContain('    n_store_claim["PersistentVolumeClaim<br/>rel-data<br/>if#nbsp;store.mode#nbsp;=#nbsp;disk"]');
    expect(lines).toContain('    n_edge_deny["NetworkPolicy<br/>rel-deny<br/>selects all pods"]');
    expect(lines).toContain('  n_top["ConfigMap<br/>rel-top"]');
    expect(lines).toContain('  n_edge_ingress -->|"/api"| n_app_workload_service');
    expect(lines).toContain('  n_worker_deployment -->|"env<br/>if#nbsp;worker.extra"| n_store_secret');
    expect(lines).toContain('  n_edge_policy -.->|"ingress from"| n_worker_deployment');
    expect(lines).toContain('  class n_store_secret,n_store_claim,n_app_workload_hpa,n_edge_ingress optional');
    // Every subgraph is closed.
    expect(lines.filter((l) => l.trim().startsWith('subgraph ')).length).toBe(lines.filter((l) => l.trim() === 'end').length);
  });

  test('is the same every time', () => {
    expect(mermaidFlowchart(demoChart())).toBe(text);
  });

  test('escapes what Mermaid or HTML would read in a label', () => {
    expect(mermaidText('a "b" #1 <c> & `d` | e\nf')).toBe('a #quot;b#quot; #35;1 #lt;c#gt; #amp; #96;d#96; #124; e<br/>f');
    expect(mermaidText('x\u00a0= y')).toBe('x#nbsp;= y');
  });

  test('ids are Mermaid identifiers, unique even when construct ids differ only in punctuation', () => {
    const chart = new TemplatedChart(new App(), 'c', { context: ctx({}) });
    new TemplatedObject(chart, 'a-b', { apiVersion: 'v1', kind: 'ConfigMap', manifest: { metadata: { name: 'one' } } as never });
    new TemplatedObject(chart, 'a_b', { apiVersion: 'v1', kind: 'ConfigMap', manifest: { metadata: { name: 'two' } } as never });
    new TemplatedObject(chart, 'end', { apiVersion: 'v1', kind: 'ConfigMap', manifest: { metadata: { name: 'three' } } as never });
    expect(architectureOf(chart).nodes.map((n) => n.id)).toEqual(['n_a_b', 'n_a_b_2', 'n_end']);
  });
});

describe('architecture of the app chart', () => {
  const chart = new TodoChatbotChart(new App(), APP_NAME, { config: DEFAULT_CONFIG, namespaceObject: false, generate: () => 'generated' });
  const arch = architectureOf(chart);
  const node = (group: string, kind: string, name: string) => {
    const found = arch.nodes.filter((n) => n.group === `g_${group}` && n.kind === kind && n.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const edge = (from: DiagramNode, to: DiagramNode, label: string) => arch.edges.filter((e) => e.from === from.id && e.to === to.id && e.label === label);

  test('the ingress routes / to the frontend Service and /api to the backend Service', () => {
    const ingress = node('ingress', 'Ingress', 'todo-chatbot-ingress');
    expect(ingress.condition).toBe('ingress.enabled');
    expect(edge(ingress, node('frontend', 'Service', 'todo-chatbot-frontend'), '/')).toHaveLength(1);
    expect(edge(ingress, node('backend', 'Service', 'todo-chatbot-backend'), '/api')).toHaveLength(1);
  });

  test('the backend Deployment reads the app Secret, and mounts the SQLite claim that exists in sqlite mode', () => {
    const backend = node('backend', 'Deployment', 'todo-chatbot-backend');
    const secret = node('secrets', 'Secret', 'todo-chatbot-secrets');
    expect(secret.condition).toBe('secrets.create and not secrets.existingSecret');
    expect(edge(backend, secret, 'env')).toEqual([{ from: backend.id, to: secret.id, label: 'env', style: 'reference' }]);
    const pvc = node('database', 'PersistentVolumeClaim', 'todo-chatbot-sqlite');
    expect(pvc.condition).toBe('database.mode = sqlite and not database.sqlite.existingClaim');
    expect(edge(backend, pvc, 'volume')).toEqual([{ from: backend.id, to: pvc.id, label: 'volume', style: 'reference' }]);
  });

  test('Services select their workloads and the helm test hook is left out', () => {
    expect(edge(node('frontend', 'Service', 'todo-chatbot-frontend'), node('frontend', 'Deployment', 'todo-chatbot-frontend'), 'selects')).toHaveLength(1);
    expect(edge(node('postgres', 'Service', 'todo-chatbot-postgres'), node('postgres', 'StatefulSet', 'todo-chatbot-postgres'), 'selects')).toHaveLength(1);
    expect(arch.nodes.some((n) => n.chartOnly)).toBe(false);
  });

  test('the chart README has the diagram in an Architecture section before the values table', () => {
    const readme = packageChart(chart, {
      metadata: { name: APP_NAME, version: '1.0.0', appVersion: '1.0.0', description: 'd', kubeVersion: '>=1.28.0-0', keywords: [], maintainers: [] },
      valuesSchema: { type: 'object' },
      defaults: DEFAULT_CONFIG as unknown as Record<string, unknown>,
      notes: () => '',
      readmeIntro: '# chart',
      architecture: { intro: 'Intro.' },
    }).get('README.md') as string;
    const architecture = readme.indexOf('## Architecture\n\nIntro.\n');
    expect(architecture).toBeGreaterThan(0);
    expect(readme.indexOf('```mermaid\nflowchart LR\n', architecture)).toBeGreaterThan(architecture);
    expect(readme.indexOf('## Values')).toBeGreaterThan(readme.indexOf('```\n', readme.indexOf('```mermaid')));
  });
});

describe('README.md', () => {
  test('holds the generated diagram between its markers', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
    const expected = generatedDiagram(ROOT);
    if (diagramIn(readme) !== expected) {
      throw new Error('README.md: the architecture diagram differs from the one the constructs generate; run `npm run docs` to update it');
    }
  });

  test('the block between the markers is what gets replaced, and nothing else', () => {
    const readme = `a\n${DIAGRAM_BEGIN}\nold\n${DIAGRAM_END}\nb\n`;
    expect(withDiagram(readme, 'new\n')).toBe(`a\n${DIAGRAM_BEGIN}\nnew\n${DIAGRAM_END}\nb\n`);
    expect(diagramIn(withDiagram(readme, 'new\n'))).toBe('new\n');
    expect(() => diagramIn('no markers')).toThrow(/architecture:begin/);
  });
});
