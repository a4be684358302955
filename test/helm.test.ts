import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { validateConfig } from '../lib/config';
import { BAD_INPUTS } from './support/bad-inputs';
import { compareManifests, generatedKeys } from './support/equivalence';
import { CHART, HELM_MAJORS, HelmMajor, helmTemplate, runHelm, valuesFile } from './support/helm';
import { HelmOutcome, helmTemplateMany } from './support/helm-batch';
import { K8S_VERSIONS, validateObjects } from './support/k8s-schema';
import { podSecurityViolations, podSpecOf } from './support/pod-security';
import { objectsOf, renderCase } from './support/render';
import { readDir } from '../lib/output';

const PROFILE_FILES: Record<string, string[]> = {
  local: [],
  kind: [path.join(CHART, 'values-kind.yaml')],
  production: [path.join(CHART, 'values-production.yaml')],
};

describe('the committed chart', () => {
  test('its README lists every value once, in sections (global, frontend, backend, database, secrets, ai, ingress, networking)', () => {
    const readme = fs.readFileSync(path.join(CHART, 'README.md'), 'utf-8');
    const values = readme.slice(readme.indexOf('## Values'));
    const sections = [...values.matchAll(/^### (.+)$/gm)].map((m) => m[1].split(' ')[0]);
    expect(sections).toEqual(['Global', 'Frontend', 'Backend', 'Database', 'Secrets', 'AI', 'Ingress', 'Networking', 'Keys']);
    const keys = [...values.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(keys).size).toBe(keys.length);
    const defaults = parseYaml(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf-8'));
    const leaves = (o: any, prefix: string): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(leaves(defaults, '').filter((k) => !keys.includes(k))).toEqual([]);
  });

  test('is what synth writes (no drift)', () => {
    const expected = renderCase({}).chart;
    const actual = readDir(CHART);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) expect({ file, content: actual.get(file) }).toEqual({ file, content });
  });

  test('does not depend on the profile synth ran with', () => {
    expect(renderCase({ profile: 'production', values: { frontend: { replicaCount: 3 } } }).chart).toEqual(renderCase({}).chart);
  });

  test('Chart.yaml takes its versions from package.json', () => {
    const chart = fs.readFileSync(path.join(CHART, 'Chart.yaml'), 'utf-8');
    const { version } = JSON.parse(fs.readFileSync(path.join(CHART, '..', '..', 'package.json'), 'utf-8'));
    expect(chart).toContain(`version: ${version}\n`);
    expect(chart).toContain(`appVersion: ${version}\n`);
    expect(chart).toContain('kubeVersion: ">=1.28.0-0"');
  });

  test('Chart.yaml says where the chart and the app come from, as package.json does', () => {
    const chart = parseYaml(fs.readFileSync(path.join(CHART, 'Chart.yaml'), 'utf-8'));
    const pkg = JSON.parse(fs.readFileSync(path.join(CHART, '..', '..', 'package.json'), 'utf-8'));
    expect(chart.home).toBe(pkg.homepage);
    expect(chart.sources).toEqual([pkg.todoChatbot.appRepository, pkg.repository.url.replace(/\.git$/, '')]);
    expect(chart.description).toMatch(/app source is not part of this chart/);
  });
});

describe.each(HELM_MAJORS)('helm %i', (major: HelmMajor) => {
  test.each(Object.keys(PROFILE_FILES))('lint --strict with the %s values', async (profile) => {
    const r = await runHelm(major, ['lint', '--strict', CHART, ...PROFILE_FILES[profile].flatMap((f) => ['-f', f])]);
    expect(r.stderr + r.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(r.code).toBe(0);
  });

  test.each(Object.keys(PROFILE_FILES))('profile %s: helm template equals synth, validates strictly, passes Pod Security', async (profile) => {
    const { objects, result } = await helmTemplate(major, { release: 'todo-chatbot', namespace: 'todo-chatbot', valuesFiles: PROFILE_FILES[profile] });
    expect(result.stderr).toBe('');
    const synth = objectsOf({ profile });
    const config = validateConfig((await import('../lib/config')).profileLayer(profile));
    expect(compareManifests(synth, objects, generatedKeys(config))).toEqual([]);
    for (const version of K8S_VERSIONS) expect(validateObjects(objects, version)).toEqual([]);
    expect(objects.filter((o) => podSpecOf(o)).flatMap(podSecurityViolations)).toEqual([]);
    // The helm test hook is there and is itself restricted.
    expect(objects.some((o) => o.kind === 'Pod' && o.metadata.annotations['helm.sh/hook'] === 'test')).toBe(true);
  });

  test('global values from a parent chart are accepted by both; only global.imageRegistry changes anything', async () => {
    const values = { global: { team: { name: 'a' }, storageClass: 'fast' } };
    const { objects, result } = await helmTemplate(major, { release: 'todo-chatbot', namespace: 'todo-chatbot', valuesFiles: [valuesFile(values)] });
    expect(result.stderr).toBe('');
    const synth = objectsOf({ values });
    expect(compareManifests(synth, objects, generatedKeys(validateConfig(values)))).toEqual([]);
    expect(compareManifests(objectsOf({}), objects, generatedKeys(validateConfig({})))).toEqual([]);
  });

  describe('bad values', () => {
    // All of them in as few renders as Helm's errors allow.
    let outcomes: HelmOutcome[];
    beforeAll(async () => {
      outcomes = await helmTemplateMany(major, BAD_INPUTS.map(({ values }) => JSON.stringify(values)), 'todo-chatbot', 'todo-chatbot');
    }, 120000);

    test.each(BAD_INPUTS.map((b, index) => ({ ...b, index })))('refuses $name, naming the field', ({ message, index }) => {
      expect(outcomes[index]).toHaveProperty('error');
      // The key path of the synth message (e.g. "frontend.replicaCount" or "replicas").
      const field = /^(?:unknown key ")?([A-Za-z.]+)/.exec(message.source.replace(/\\/g, '').replace(/^\^/, ''))![1];
      for (const part of field.split('.')) expect((outcomes[index] as { error: string }).error).toContain(part);
    });
  });
});
