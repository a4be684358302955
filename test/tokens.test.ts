/**
 * The token bridge on its own, with a chart that knows nothing of the app:
 * cdk8s-plus constructs and plain cdk8s ApiObjects carry expressions as
 * tokens, synth resolves them, the packager renders them, and `helm template`
 * of the packaged chart gives exactly what synth gives.
 */
import { ApiObject, App, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fs from 'fs';
import * as path from 'path';
import { packageChart } from '../lib/helm/package-chart';
import { EvalContext, eq, release, str, ValueRef } from '../lib/template/expr';
import { objectTemplates } from '../lib/template/object-templates';
import { TemplatedChart } from '../lib/template/templated-chart';
import { when } from '../lib/template/tree';
import { buildStockExample } from '../examples/cdk8s-plus-example';
import { helmTemplate, HELM_MAJORS, parseManifests, ROOT } from './support/helm';
import { tempDir } from './support/tmp';

/** Helm orders objects by kind; synth by construct. */
const sorted = (objects: any[]) => [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
const ref = <T>(p: string, kind: 'string' | 'number' | 'boolean' | 'object' | 'array') => new ValueRef<T>(p.split('.'), kind);

function ctx(values: unknown): EvalContext {
  return { values, release: { name: 'rel', namespace: 'ns', service: 'Helm' }, chart: { name: 'demo', version: '1.0.0', appVersion: '1.0.0' }, kubeVersion: '1.28.0', generate: () => 'g', scope: new Map() };
}

interface Values {
  enabled: boolean;
  image: string;
  port: number;
  replicas: number;
  labels: Record<string, string>;
  debug: boolean;
}

/** cdk8s-plus and plain cdk8s objects whose values come from tokens; the web part exists only when enabled. */
function bridgedChart(values: Values): TemplatedChart {
  const chart = new TemplatedChart(new App(), 'demo', { context: ctx(values), disableResourceNameHashes: true });
  const t = chart.tokens;
  const web = new kplus.Deployment(chart, 'web', {
    metadata: { name: t.string(str`${release.name}-web`), namespace: t.string(release.namespace) },
    replicas: t.number(ref<number>('replicas', 'number')),
    containers: [
      {
        name: 'web',
        image: t.string(ref('image', 'string')),
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        portNumber: t.number(ref<number>('port', 'number')),
        envVariables: { URL: kplus.EnvValue.fromValue(t.string(str`http://${release.name}:${ref('port', 'number')}/`)) },
        securityContext: { user: 1000, group: 1000 },
      },
    ],
  });
  t.guard(web, ref<boolean>('enabled', 'boolean'));
  // A map, and a field that exists only in debug mode, through patches on the finished JSON.
  t.patch(
    ApiObject.of(web),
    JsonPatch.add('/metadata/labels', t.tree(ref('labels', 'object'))),
    JsonPatch.add('/spec/template/spec/containers/0/tty', t.tree(when(eq(ref('debug', 'boolean'), true), true))),
  );
  new ApiObject(chart, 'settings', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: t.string(str`${release.name}-settings`) },
    data: { image: t.string(ref('image', 'string')), debug: t.string(str`${ref('debug', 'boolean')}`) },
  });
  return chart;
}

const VALUES: Values[] = [
  { enabled: true, image: 'nginx:1.27', port: 8080, replicas: 2, labels: { team: 'a' }, debug: true },
  { enabled: true, image: 'registry.example.com/web@sha256:' + 'a'.repeat(64), port: 80, replicas: 0, labels: {}, debug: false },
  { enabled: false, image: 'busybox', port: 9000, replicas: 1, labels: { x: 'y' }, debug: false },
];

function writeChart(chart: TemplatedChart, defaults: unknown): string {
  const dir = tempDir('tokens-chart');
  const files = packageChart(chart, {
    metadata: { name: 'demo', version: '1.0.0', appVersion: '1.0.0', description: 'demo', kubeVersion: '>=1.28.0-0', keywords: [], maintainers: [{ name: 'x' }] },
    valuesSchema: { type: 'object' },
    defaults: defaults as Record<string, unknown>,
    notes: () => 'demo\n',
    readmeIntro: '# demo',
  });
  for (const [file, content] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function sameInBothOutputs(build: (values: any) => TemplatedChart, values: readonly unknown[]): Promise<void> {
  const dir = writeChart(build(values[0]), values[0]);
  for (const major of HELM_MAJORS) {
    for (const v of values) {
      const file = path.join(dir, `values-${major}-${values.indexOf(v)}.json`);
      fs.writeFileSync(file, JSON.stringify(v));
      const { objects, result } = await helmTemplate(major, { release: 'rel', namespace: 'ns', valuesFiles: [file], chart: dir });
      expect(result.stderr).toBe('');
      expect(sorted(objects)).toEqual(sorted(parseManifests((build(v).node.scope as App).synthYaml())));
    }
  }
}

describe('tokens', () => {
  test('synth puts each value in place: embedded strings, numbers, whole maps, conditional fields', () => {
    const [web, settings] = bridgedChart(VALUES[0]).toJson();
    expect(web.metadata).toEqual({ name: 'rel-web', namespace: 'ns', labels: { team: 'a' } });
    expect(web.spec.replicas).toBe(2);
    const c = web.spec.template.spec.containers[0];
    expect({ image: c.image, ports: c.ports, env: c.env, tty: c.tty }).toEqual({ image: 'nginx:1.27', ports: [{ containerPort: 8080 }], env: [{ name: 'URL', value: 'http://rel:8080/' }], tty: true });
    expect(settings.data).toEqual({ image: 'nginx:1.27', debug: 'true' });
    expect(JSON.stringify(bridgedChart(VALUES[1]).toJson())).not.toContain('"tty"');
  });

  test('a guard leaves out every object under its scope, in synth and as an `if` in the template', () => {
    const chart = bridgedChart(VALUES[2]);
    expect(chart.toJson().map((o) => o.kind)).toEqual(['ConfigMap']);
    const templates = objectTemplates(chart);
    expect(templates.map((o) => [o.kind, o.when !== undefined])).toEqual([['Deployment', true], ['ConfigMap', false]]);
  });

  test('the packager renders tokens as template pipelines, never as placeholders', () => {
    const dir = writeChart(bridgedChart(VALUES[0]), VALUES[0]);
    const web = fs.readFileSync(path.join(dir, 'templates', 'web.yaml'), 'utf-8');
    expect(web).toContain('image: {{ $.Values.image | toJson }}');
    expect(web).toContain('replicas: {{ $.Values.replicas | toJson }}');
    expect(web).not.toContain('Token[');
    expect(web.split('\n')[0]).toBe('{{- if $.Values.enabled }}');
  });

  test.each(HELM_MAJORS)('helm %i renders what synth writes, for each set of values', async (major) => {
    const dir = writeChart(bridgedChart(VALUES[0]), VALUES[0]);
    for (const [i, v] of VALUES.entries()) {
      const file = path.join(dir, `values-${i}.json`);
      fs.writeFileSync(file, JSON.stringify(v));
      const { objects, result } = await helmTemplate(major, { release: 'rel', namespace: 'ns', valuesFiles: [file], chart: dir });
      expect(result.stderr).toBe('');
      expect(sorted(objects)).toEqual(sorted(parseManifests((bridgedChart(v).node.scope as App).synthYaml())));
    }
  });

  test('a placeholder of another chart, a tree inside a string, a number token written as text, and a token in a key are errors', () => {
    const other = new TemplatedChart(new App(), 'other', { context: ctx(VALUES[0]) });
    const foreign = other.tokens.string(ref('image', 'string'));
    const chart = new TemplatedChart(new App(), 'demo', { context: ctx(VALUES[0]) });
    chart.tokens.string(ref('image', 'string'));
    new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: `image ${foreign}` } });
    expect(() => chart.toJson()).toThrow(/^demo\/a: the placeholder \$\{Token\[TC\d+\.0\]\} is not a token of this chart$/);
    const mixed = new TemplatedChart(new App(), 'mixed', { context: ctx(VALUES[0]) });
    new ApiObject(mixed, 'c', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: `a-${mixed.tokens.tree<string>({ b: 1 })}` } });
    expect(() => mixed.toJson()).toThrow(/only string tokens may be part of a string/);
    const texted = new TemplatedChart(new App(), 'texted', { context: ctx(VALUES[0]) });
    new ApiObject(texted, 'n', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n' }, data: { port: `${texted.tokens.number(ref<number>('port', 'number'))}` } });
    expect(() => texted.toJson()).toThrow(/texted\/n: a placeholder was left unresolved/);
    const keyed = new TemplatedChart(new App(), 'keyed', { context: ctx(VALUES[0]) });
    new ApiObject(keyed, 'd', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' }, data: { [keyed.tokens.string(ref('image', 'string'))]: 'x' } });
    expect(() => keyed.toJson()).toThrow(/a token in the key/);
  });

  test('the stock cdk8s-plus example of the README renders in both outputs', async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
    const example = fs.readFileSync(path.join(ROOT, 'examples', 'cdk8s-plus-example.ts'), 'utf-8');
    expect(readme).toContain(example.slice(example.indexOf('export function')).trim());
    await sameInBothOutputs((v: { replicas: number }) => {
      const chart = new TemplatedChart(new App(), 'stock', { context: ctx(v), disableResourceNameHashes: true });
      buildStockExample(chart);
      return chart;
    }, [{ replicas: 3 }]);
  });
});
