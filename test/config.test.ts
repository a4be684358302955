import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig, mergeUserValues, mergeValues, PROFILE_NAMES, suggestKey } from '../lib/config';
import { optionsFrom } from '../main';
import { BAD_INPUTS } from './support/bad-inputs';
import { ROOT, valuesFile } from './support/helm';
import { tempDir } from './support/tmp';


describe('configuration', () => {
  test.each(PROFILE_NAMES)('profile %s is valid', (profile) => {
    expect(() => loadConfig({ profile })).not.toThrow();
  });

  test.each(BAD_INPUTS)('refuses $name with a one-line message', ({ values, message }) => {
    let error: unknown;
    try {
      loadConfig({ layers: [values] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });

  test('values files layer in order, later wins, like helm -f', () => {
    const a = valuesFile({ frontend: { replicaCount: 3 }, ingress: { host: 'a.example.com' } });
    const b = valuesFile({ frontend: { replicaCount: 4 } });
    const c = loadConfig({ profile: 'kind', valuesFiles: [a, b] });
    expect(c.frontend.replicaCount).toBe(4);
    expect(c.ingress.host).toBe('a.example.com');
    expect(c.database.sqlite.storageClass).toBe('standard');
  });

  test('merge: maps merge, lists replace, null deletes a default and stays where there is none (as in Helm)', () => {
    expect(mergeValues({ a: { b: 1, c: 2 }, l: [1] }, { a: { c: 3 }, l: [2] })).toEqual({ a: { b: 1, c: 3 }, l: [2] });
    expect(mergeValues({ a: { b: 1 } }, { a: { b: null } })).toEqual({ a: {} });
    expect(mergeValues({ a: { b: 1 } }, { a: { x: null } })).toEqual({ a: { b: 1, x: null } });
    // Between values files a null replaces, so a later file can remove what an earlier one set.
    expect(mergeUserValues({ a: { b: 1 } }, { a: { b: null } })).toEqual({ a: { b: null } });
  });

  test('a null for a key with no default is refused as the key, as Helm refuses it', () => {
    expect(() => loadConfig({ layers: [{ frontend: { replicas: null } }] })).toThrow(/^unknown key "frontend\.replicas"; did you mean "replicaCount"\?/);
    expect(() => loadConfig({ layers: [{ frontend: { replicaCount: 3 } }, { frontend: { replicaCount: null } }] })).toThrow(/^frontend\.replicaCount: is required: null removes the default/);
    expect(loadConfig({ layers: [{ backend: { podSecurityContext: { runAsUser: null } } }] }).backend.podSecurityContext.runAsUser).toBeUndefined();
  });

  test('suggests the closest key', () => {
    expect(suggestKey('replicas', ['image', 'replicaCount', 'port'])).toBe('replicaCount');
    expect(suggestKey('prot', ['image', 'replicaCount', 'port'])).toBe('port');
    expect(suggestKey('zzzzzz', ['image', 'port'])).toBeUndefined();
  });

  test('an unknown profile and an unreadable values file are one-line errors', () => {
    expect(() => loadConfig({ profile: 'staging' })).toThrow(/^profile: must be one of local, kind, production \(got "staging"\)$/);
    expect(() => loadConfig({ valuesFiles: ['/nonexistent/values.yaml'] })).toThrow(/^values file \/nonexistent\/values\.yaml: cannot read it/);
  });
});

describe('synth command on bad input', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'synth.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf-8' });

  test('exits non-zero, prints one line, writes nothing, keeps the previous output', () => {
    const out = tempDir('todo-out');
    fs.writeFileSync(path.join(out, 'previous.yaml'), 'kept: true\n');
    const chartBefore = fs.readFileSync(path.join(ROOT, 'helm', 'todo-chatbot', 'values.yaml'), 'utf-8');
    const bad = valuesFile({ backend: { replicaCount: 2 } });
    const r = run(['--values', bad], { CDK8S_OUTDIR: out });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: backend\.replicaCount: must be 0 or 1/)]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(out)).toEqual(['previous.yaml']);
    expect(fs.readFileSync(path.join(ROOT, 'helm', 'todo-chatbot', 'values.yaml'), 'utf-8')).toBe(chartBefore);
  });

  test('--kube-version (or TODO_CHATBOT_KUBE_VERSION) takes a 1.x version no older than the chart supports', () => {
    const options = (argv: string[], env: NodeJS.ProcessEnv = {}) => optionsFrom({ argv, env, root: ROOT });
    expect(options(['--kube-version', 'v1.31.2']).kubeVersion).toBe('1.31.2');
    expect(options([], { TODO_CHATBOT_KUBE_VERSION: '1.30' }).kubeVersion).toBe('1.30');
    expect(options(['--kube-version=1.33.0-eks-1'], { TODO_CHATBOT_KUBE_VERSION: '1.30' }).kubeVersion).toBe('1.33.0-eks-1');
    expect(options([]).kubeVersion).toBeUndefined();
    expect(() => options(['--kube-version', '1.27.9'])).toThrow(/^--kube-version: must be 1\.28 or later, the oldest Kubernetes the chart supports \(got "1\.27\.9"\)$/);
    expect(() => options([], { TODO_CHATBOT_KUBE_VERSION: 'latest' })).toThrow(/^TODO_CHATBOT_KUBE_VERSION: must be a Kubernetes version such as 1\.30 or v1\.30\.2 \(got "latest"\)$/);
  });

  test('TODO_CHATBOT_VALUES and TODO_CHATBOT_PROFILE are honoured and validated', () => {
    const bad = valuesFile({ database: { mode: 'mysql' } });
    const r = run([], { TODO_CHATBOT_VALUES: bad, TODO_CHATBOT_PROFILE: 'kind', CDK8S_OUTDIR: tempDir('todo-out') });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: database\.mode: must be one of "sqlite", "postgres", "external" \(got "mysql"\)\n$/);
    const r2 = run(['--profile', 'nope'], {});
    expect(r2.status).toBe(1);
    expect(r2.stderr).toBe('error: profile: must be one of local, kind, production (got "nope")\n');
  });

  test('a successful run writes the manifests to CDK8S_OUTDIR', () => {
    const out = tempDir('todo-out');
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'synth.js'), '--profile', 'production'], { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: out, TODO_CHATBOT_CHART_DIR: path.join(out, 'chart'), TODO_CHATBOT_STATE_FILE: path.join(out, 'state.json'), TODO_CHATBOT_RELEASE: 'shop', TODO_CHATBOT_NAMESPACE: 'apps' }, stdio: 'pipe' });
    const text = fs.readFileSync(path.join(out, 'todo-chatbot.k8s.yaml'), 'utf-8');
    expect(text).toContain('name: shop-frontend');
    expect(text).toContain('namespace: apps');
    expect(fs.existsSync(path.join(out, 'chart', 'Chart.yaml'))).toBe(true);
  });
});
