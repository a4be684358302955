// The todo-chatbot command with its real kubectl and helm against a real API
// server: secrets apply, the helm pass-through, deploy, rollback, status and
// uninstall. kwok makes pods Ready, so deploy and rollback wait for real.
// backup/restore exec into a running container, which kwok cannot give: they
// keep their tests against fake tools (test/cli).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  allReady, CHART, clusterEnv, cluster, getObject, helm, kubectl, namespace, releaseObjectsAfterCleanup, ROOT, secretValue,
  tempFile, valuesFile, workloadReadiness,
} from './support/kube';
import { tempDir } from '../test/support/tmp';

const RELEASE = 'cli';

/**
 * A copy of the project to run the command from: deploy synthesizes into the
 * project (dist/, the chart, the generated-secrets state), and a test must
 * not rewrite the checkout it runs in.
 */
function projectCopy(): string {
  const dir = tempDir('todo-project');
  for (const entry of ['bin', 'lib', 'imports', 'schemas', 'scripts', 'helm', 'main.ts', 'package.json', 'tsconfig.json', 'cdk8s.yaml']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  for (const shared of ['node_modules', '.tools']) fs.symlinkSync(path.join(ROOT, shared), path.join(dir, shared), 'dir');
  return dir;
}

function todoChatbot(args: string[], root = ROOT) {
  // The kubectl built with the server first on PATH; helm is the one the command finds (PATH, else .tools/helm3).
  const env = { ...clusterEnv(), PATH: `${path.dirname(cluster().kubectl)}${path.delimiter}${process.env.PATH}` };
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'todo-chatbot.js'), ...args], { cwd: root, env, encoding: 'utf-8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('todo-chatbot against the API server', () => {
  const ns = namespace('cli');
  const target = ['--release', RELEASE, '-n', ns];

  test('secrets apply writes <release>-env, and a second file keeps the keys it leaves out', () => {
    const first = todoChatbot(['secrets', 'apply', ...target, '--from-env-file', tempFile('first.env', 'GROQ_API_KEY=gsk-one\nBETTER_AUTH_SECRET=auth-one\n')]);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(secretValue(ns, 'cli-env', 'groq-api-key')).toBe('gsk-one');
    const second = todoChatbot(['secrets', 'apply', ...target, '--from-env-file', tempFile('second.env', 'GROQ_API_KEY=gsk-two\n')]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('auth-secret (kept from the cluster)');
    expect(secretValue(ns, 'cli-env', 'groq-api-key')).toBe('gsk-two');
    expect(secretValue(ns, 'cli-env', 'auth-secret')).toBe('auth-one');
    expect(`${first.out}${second.out}`).not.toMatch(/gsk-one|gsk-two|auth-one/);
  });

  test('helm through the command installs the chart with that Secret', () => {
    const r = todoChatbot(['helm', 'install', RELEASE, CHART, '-n', ns, '--set', 'secrets.create=false', '--set', 'secrets.existingSecret=cli-env']);
    expect(r.code).toBe(0);
    const backend = getObject(ns, 'deployment/cli-backend');
    const env = backend.spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'GROQ_API_KEY').valueFrom.secretKeyRef.name).toBe('cli-env');
  });

  test('status shows the release and its objects', () => {
    const r = todoChatbot(['status', ...target]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/STATUS: deployed/);
    expect(r.out).toContain('cli-backend');
  });

  test('uninstall removes the release and keeps the data volume claim', () => {
    const r = todoChatbot(['uninstall', ...target]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(releaseObjectsAfterCleanup(ns, RELEASE)).toEqual(['persistentvolumeclaim/cli-sqlite']);
    expect(getObject(ns, 'pvc/cli-sqlite').metadata.deletionTimestamp).toBeUndefined();
    expect(kubectl(['get', 'secret', 'cli-env', '-n', ns, '-o', 'name']).stdout.trim()).toBe('secret/cli-env');
  });
});

describe('deploy and rollback against the API server, pods made Ready by kwok', () => {
  const ns = namespace('cli-deploy');
  const release = 'app';
  const target = ['--release', release, '-n', ns];
  const project = projectCopy();
  const backendEnv = () => getObject(ns, `deployment/${release}-backend`).spec.template.spec.containers[0].env;

  test('deploy synthesizes, installs, waits for both rollouts and says where to open the app', () => {
    const r = todoChatbot(['deploy', ...target, '--timeout', '120s'], project);
    expect(r.err).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Deployed release ${release} to namespace ${ns} (profile local).`);
    const readiness = workloadReadiness(ns, release);
    expect(readiness).toEqual(allReady(readiness));
    expect(readiness).toEqual([`Deployment/${release}-backend: ready`, `Deployment/${release}-frontend: ready`]);
    // The project it ran from was synthesized for this release and namespace.
    expect(fs.readFileSync(path.join(project, 'dist', 'todo-chatbot.k8s.yaml'), 'utf-8')).toContain(`namespace: ${ns}`);
  });

  test('deploy again with more values upgrades the release in place', () => {
    const values = valuesFile({ backend: { env: { LOG_LEVEL: 'debug' } } });
    const r = todoChatbot(['deploy', ...target, '--timeout', '120s', '-f', values], project);
    expect(r.code).toBe(0);
    expect(backendEnv()).toEqual(expect.arrayContaining([{ name: 'LOG_LEVEL', value: 'debug' }]));
    expect(JSON.parse(helm(4, ['history', release, '-n', ns, '-o', 'json']).stdout).map((h: any) => h.revision)).toEqual([1, 2]);
  });

  test('rollback returns to the revision before and waits for the rollout', () => {
    const r = todoChatbot(['rollback', ...target, '--timeout', '120s'], project);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(backendEnv().map((e: any) => e.name)).not.toContain('LOG_LEVEL');
    const readiness = workloadReadiness(ns, release);
    expect(readiness).toEqual(allReady(readiness));
    const history = JSON.parse(helm(4, ['history', release, '-n', ns, '-o', 'json']).stdout);
    expect(history.map((h: any) => [h.revision, h.status, h.description])).toEqual([
      [1, 'superseded', 'Install complete'], [2, 'superseded', 'Upgrade complete'], [3, 'deployed', 'Rollback to 1'],
    ]);
  });

  test('a deploy whose pod no node can hold fails within its timeout, with the scheduler\'s reason and a hint', () => {
    // The kwok node offers 1000 CPUs.
    const values = valuesFile({ backend: { resources: { requests: { cpu: '2000' }, limits: { cpu: '2000' } } } });
    const r = todoChatbot(['deploy', ...target, '--timeout', '15s', '-f', values], project);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: step "helm upgrade" failed');
    expect(r.err).toMatch(new RegExp(`pod ${release}-backend-[a-z0-9]+-[a-z0-9]+: Unschedulable \\(0/1 nodes are available: 1 Insufficient cpu`));
    expect(r.err).toMatch(/^hint: no node has room for a pod/m);
  });

  test('uninstall leaves only the data volume claim and the Secret that goes with it; --purge-data removes them', () => {
    const r = todoChatbot(['uninstall', ...target], project);
    expect(r.code).toBe(0);
    expect(releaseObjectsAfterCleanup(ns, release)).toEqual([`persistentvolumeclaim/${release}-sqlite`, `secret/${release}-secrets`]);
    expect(r.out).toContain(`Kept: persistentvolumeclaim/${release}-sqlite, secret/${release}-secrets.`);
    const purge = todoChatbot(['uninstall', ...target, '--purge-data', '--yes'], project);
    expect(purge.code).toBe(0);
    expect(releaseObjectsAfterCleanup(ns, release, /^persistentvolumeclaim\//)).toEqual([]);
  });
});
