/**
 * The template layer and packager on their own, with a chart that knows
 * nothing of the app: every tree construct renders to a template whose
 * `helm template` output equals the evaluated object.
 */
import { App } from 'cdk8s';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { packageChart } from '../lib/helm/package-chart';
import {
  and, base64, dirname, EvalContext, eq, goJson, goPathDir, isSet, not, or, release, Sha256, str, ternary, ToJson, ValueRef, withDefault,
} from '../lib/template/expr';
import { quantityLess, quantityToNano } from '../lib/template/quantity';
import { TemplatedChart } from '../lib/template/templated-chart';
import { TemplatedObject } from '../lib/template/templated-object';
import { renderTemplate } from '../lib/template/yaml-template';
import { each, entry, letIn, member, spread, when } from '../lib/template/tree';
import { helmTemplate, HELM_MAJORS, parseManifests, pool } from './support/helm';
import { tempDir } from './support/tmp';

const ref = <T>(p: string, kind: 'string' | 'number' | 'boolean' | 'object' | 'array') => new ValueRef<T>(p.split('.'), kind);

function ctx(values: unknown): EvalContext {
  return { values, release: { name: 'rel', namespace: 'ns', service: 'Helm' }, chart: { name: 'demo', version: '1.0.0', appVersion: '1.0.0' }, kubeVersion: '1.28.0', generate: () => 'generated', scope: new Map() };
}

/** A small chart using every construct of the tree language. */
function demoChart(values: unknown): TemplatedChart {
  const chart = new TemplatedChart(new App(), 'demo', { context: ctx(values) });
  // Used three times each: the packager gives each a helper (a string, a boolean and a number).
  const longName = () => str`${withDefault(ref<string>('nameOverride', 'string'), release.name)}-${ref('mode', 'string')}-${ref('path', 'string')}`;
  const modeA = () => and(eq(ref('mode', 'string'), 'a'), ref('enabled', 'boolean'));
  const portOrDefault = () => ternary(eq(ref('mode', 'string'), 'a'), ref<number>('port', 'number'), 8080);
  const name = chart.namedValue('fullname', withDefault(ref<string>('nameOverride', 'string'), release.name), 'The name.');
  const labels = chart.namedMap('labels', { app: 'demo', instance: release.name }, 'The labels.');
  chart.addCheck({ violated: quantityLess(ref('limit', 'string'), ref('request', 'string')), message: 'limit: must be at least request' });
  new TemplatedObject(chart, 'config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    when: ref('enabled', 'boolean'),
    manifest: letIn({ secret: withDefault(ref<string>('secret', 'string'), 'fallback') }, ({ secret }) => ({
      metadata: {
        name: str`${name}-cm`,
        namespace: release.namespace,
        labels: { [member()]: labels, extra: 'yes' },
        annotations: when(isSet(ref('annotations', 'object')), { [member()]: spread(ref('annotations', 'object')) }),
      },
      data: {
        port: str`${ref('port', 'number')}`,
        url: str`http://${name}:${ref('port', 'number')}${ref('path', 'string')}`,
        mode: ternary(eq(ref('mode', 'string'), 'a'), 'is-a', 'not-a'),
        dir: dirname(ref('path', 'string')),
        encoded: base64(secret as never),
        sum: new Sha256(new ToJson(ref('annotations', 'object'))),
        // The same checksum through a named helper's text.
        helperSum: new Sha256(chart.namedValue('annotationsJson', new ToJson(ref('annotations', 'object')), 'The annotations as JSON.')),
        optional: when(and(not(eq(ref('mode', 'string'), 'b')), ref('enabled', 'boolean')), 'present'),
        [member()]: entry(ref('dynamicKey', 'string'), ref('port', 'number'), eq(ref('mode', 'string'), 'a')),
        nested: { onlyConditional: when(eq(ref('mode', 'string'), 'c'), 'c') },
        long1: longName(),
        long2: str`${longName()}/x`,
        long3: when(modeA(), longName()),
        a1: when(modeA(), 'a1'),
        a2: ternary(modeA(), 'yes', 'no'),
        port1: str`${portOrDefault()}`,
        script: SCRIPT,
        short: 'line one\nline two\n',
      },
      ports: [portOrDefault(), when(modeA(), portOrDefault())],
      items: [each(ref('list', 'array'), 'string', (item, key) => ({ index: key, value: item })), when(eq(ref('mode', 'string'), 'b'), 'b-item')],
    })) as never,
  });
  return chart;
}

/** A text long enough to be a file of the chart. */
const SCRIPT = Array.from({ length: 45 }, (_, i) => `echo "line ${i}" # {not a template}`).join('\n');

const demoValues = fc.record({
  enabled: fc.boolean(),
  nameOverride: fc.constantFrom('', 'custom'),
  annotations: fc.dictionary(fc.stringMatching(/^[a-z][a-z./-]{0,8}$/), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  port: fc.integer({ min: 1, max: 65535 }),
  path: fc.constantFrom('/', '/a/b', '/data/x.db', '/a/../b/c'),
  mode: fc.constantFrom('a', 'b', 'c'),
  secret: fc.oneof(fc.constant(''), fc.string({ maxLength: 10 })),
  dynamicKey: fc.constantFrom('k1', 'key.two'),
  list: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  request: fc.constantFrom('100m', '1', '0.5', '256Mi', '1Gi'),
  limit: fc.constantFrom('2', '2Gi', '4000m', '1e3', '8Gi'),
});

function packageDemo(defaults: Record<string, unknown>): Map<string, string> {
  return packageChart(demoChart(defaults), {
    metadata: { name: 'demo', version: '1.0.0', appVersion: '1.0.0', description: 'demo', kubeVersion: '>=1.28.0-0', keywords: [], maintainers: [{ name: 'x' }] },
    valuesSchema: { type: 'object' },
    defaults,
    notes: () => 'demo\n',
    readmeIntro: '# demo',
  });
}

const SAMPLE = { enabled: true, nameOverride: '', annotations: {}, port: 80, path: '/a', mode: 'a', secret: '', dynamicKey: 'k1', list: [], request: '1', limit: '2' };

describe('template layer', () => {
  test('quantities compare exactly', () => {
    expect(quantityToNano('500m') < quantityToNano('1')).toBe(true);
    expect(quantityToNano('1000m')).toBe(quantityToNano('1'));
    expect(quantityToNano('1Gi')).toBe(quantityToNano('1024Mi'));
    expect(quantityToNano('1e3')).toBe(quantityToNano('1k'));
    expect(quantityToNano(0.5)).toBe(quantityToNano('500m'));
    expect(() => quantityToNano('1 GB')).toThrow(/not a quantity/);
  });

  test("dirname follows Go's path.Dir", () => {
    expect(goPathDir('/data/todo.db')).toBe('/data');
    expect(goPathDir('/todo.db')).toBe('/');
    expect(goPathDir('a/../b/c')).toBe('b');
    expect(goPathDir('file')).toBe('.');
  });

  test("goJson escapes like Go's encoding/json and sorts keys", () => {
    expect(goJson({ b: '<&>', a: 1 })).toBe('{"a":1,"b":"\\u003c\\u0026\\u003e"}');
  });

  test('a list inside an `if` on its own emptiness renders no second, dead `if`', () => {
    const list = ref('list', 'array');
    const text = renderTemplate({ items: when(isSet(list), [each(list, 'string', (item) => item)]) } as never, { helperPrefix: 'demo', vars: new Map() });
    expect(text).toBe('{{- if $.Values.list }}\nitems:\n  {{- range $key0, $item1 := $.Values.list }}\n  - {{ $item1 | toJson }}\n  {{- end }}\n{{- end }}\n');
    const bare = renderTemplate({ items: [each(list, 'string', (item) => item)] } as never, { helperPrefix: 'demo', vars: new Map() });
    expect(bare).toContain('{{- else }} []');
  });

  test('an expression used three times is a helper named after the values it reads, defined once with a comment', () => {
    const files = packageDemo(SAMPLE);
    const helpers = files.get('templates/_helpers.tpl') as string;
    const config = files.get('templates/config.yaml') as string;
    // The string, the boolean and the number, each defined once and called where the expression stood.
    expect(helpers).toMatch(/\{\{\/\* Yields .+ \*\/\}\}\n\{\{- define "demo\.nameOverride" -\}\}/);
    expect(helpers).toMatch(/\{\{\/\* Whether mode = a and enabled\. \*\/\}\}\n\{\{- define "demo\.(\w+)" -\}\}\n\{\{- if and \(eq \$\.Values\.mode "a"\) \$\.Values\.enabled \}\}true\{\{ end -\}\}/);
    expect(helpers).toContain('{{- ternary $.Values.port 8080 (eq $.Values.mode "a") -}}');
    expect(config.match(/include "demo\.nameOverride" \$/g)).toHaveLength(3);
    expect(config).toContain('{{- if include "demo.modeHolds" $ }}');
    expect(config).toContain('ternary "yes" "no" (eq (include "demo.modeHolds" $) "true")');
    expect(config).toMatch(/- \{\{ include "demo\.port" \$ \| float64 \| toJson \}\}/);
    expect(config).not.toContain('(print (default $.Release.Name $.Values.nameOverride)');
    // The chart's own helper is called, not defined a second time.
    expect(helpers.match(/define "demo\.fullname"/g)).toHaveLength(1);
  });

  test('a long text is a file of the chart read with .Files.Get; a short one a literal block', () => {
    const files = packageDemo(SAMPLE);
    expect(files.get('files/script')).toBe(SCRIPT);
    expect(files.get('templates/config.yaml')).toContain('script: {{ $.Files.Get "files/script" | toJson }}');
    expect(files.get('templates/config.yaml')).toContain('  short: |\n    line one\n    line two\n');
  });

  test('no dead `if` where an enclosing test implies it: operands in another order, a conjunct, the object\'s own condition', () => {
    const rc = { helperPrefix: 'demo', vars: new Map() };
    const a = ref('a', 'string');
    const b = ref('b', 'string');
    const items = () => [when(isSet(a), 'a'), when(isSet(b), 'b')];
    expect(renderTemplate({ items: items() } as never, rc)).toContain('{{- else }} []');
    expect(renderTemplate({ items: when(or(isSet(b), isSet(a)), items()) } as never, rc)).not.toContain('{{- else }} []');
    expect(renderTemplate({ items: when(and(isSet(a), ref('c', 'boolean')), items()) } as never, rc)).not.toContain('{{- else }} []');
    expect(renderTemplate({ items: items() } as never, rc, or(isSet(a), isSet(b)))).not.toContain('{{- else }} []');
    // A test that does not imply it keeps the empty list.
    expect(renderTemplate({ items: when(ref('c', 'boolean'), items()) } as never, rc)).toContain('{{- else }} []');
  });

  test('a failed check stops synth with its message', () => {
    expect(() => demoChart({ enabled: true, request: '2', limit: '1' })).toThrow('limit: must be at least request');
  });

  test.each(HELM_MAJORS)('helm %i renders every tree construct exactly as evaluated (40 random value sets)', async (major) => {
    const dir = tempDir('demo-chart');
    const values = fc.sample(demoValues, { numRuns: 40, seed: 7 }).filter((v) => quantityToNano(v.limit) >= quantityToNano(v.request));
    const files = packageDemo(values[0]);
    for (const [file, content] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    const results = await pool(values, 4, async (v) => {
      const file = path.join(dir, `values-${Math.random().toString(36).slice(2)}.json`);
      fs.writeFileSync(file, JSON.stringify(v));
      const { objects, result } = await helmTemplate(major, { release: 'rel', namespace: 'ns', valuesFiles: [file], chart: dir });
      const expected = parseManifests((demoChart(v).node.scope as App).synthYaml());
      return { v, objects, stderr: result.stderr, expected };
    });
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.objects).toEqual(r.expected);
    }
  });
});
