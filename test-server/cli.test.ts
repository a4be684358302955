// The todo-chatbot command with its real kubectl and helm against a real API
// server: secrets apply, the helm pass-through, status and uninstall.
// deploy and rollback wait for pods to become ready, and backup/restore exec
// into a running container; no kubelet runs here, so those keep their tests
// against fake tools (test/cli).
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CHART, clusterEnv, cluster, getObject, kubectl, namespace, releaseObjects, ROOT, secretValue, tempFile } from './support/kube';

const RELEASE = 'cli';

function todoChatbot(args: string[]) {
  // The kubectl built with the server first on PATH; helm is the one the command finds (PATH, else .tools/helm3).
  const env = { ...clusterEnv(), PATH: `${path.dirname(cluster().kubectl)}${path.delimiter}${process.env.PATH}` };
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'todo-chatbot.js'), ...args], { cwd: ROOT, env, encoding: 'utf-8' });
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
    expect(releaseObjects(ns, RELEASE)).toEqual(['persistentvolumeclaim/cli-sqlite']);
    expect(getObject(ns, 'pvc/cli-sqlite').metadata.deletionTimestamp).toBeUndefined();
    expect(kubectl(['get', 'secret', 'cli-env', '-n', ns, '-o', 'name']).stdout.trim()).toBe('secret/cli-env');
  });
});
