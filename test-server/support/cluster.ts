/**
 * A throw-away Kubernetes control plane on loopback: etcd and kube-apiserver
 * built from their Go modules (scripts/build-server.js), a self-signed serving
 * certificate the apiserver makes itself, a static admin token, and a
 * kubeconfig in a temp folder. No kubelet or controllers run: objects are
 * stored, validated, defaulted and admitted exactly as a real cluster does,
 * but no pod starts.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

interface Binary {
  readonly path: string;
  readonly version: string;
}

/** What the tests need to reach the cluster; passed to them through the environment. */
export interface ClusterInfo {
  readonly kubeconfig: string;
  readonly kubectl: string;
  readonly dir: string;
  readonly apiserverVersion: string;
  readonly etcdVersion: string;
}

export const CLUSTER_ENV = 'TODO_CHATBOT_TEST_CLUSTER';

/** A running control plane. */
export interface Cluster extends ClusterInfo {
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function start(bin: string, args: string[], log: string): ChildProcess {
  const out = fs.openSync(log, 'a');
  return spawn(bin, args, { stdio: ['ignore', out, out] });
}

async function until(what: string, timeoutMs: number, check: () => boolean, logs: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const tails = logs.map((l) => `--- ${l}\n${fs.existsSync(l) ? fs.readFileSync(l, 'utf-8').split('\n').slice(-20).join('\n') : '(no log)'}`);
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000} s\n${tails.join('\n')}`);
}

function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => p.kill('SIGKILL'), 10_000);
    p.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    p.kill('SIGTERM');
  });
}

/** Builds (if needed) and starts etcd and kube-apiserver; resolves when the apiserver is ready. */
export async function startCluster(): Promise<Cluster> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(path.join(ROOT, 'scripts', 'build-server.js')) as { build(): Record<string, Binary> };
  const bin = build();
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'todo-server-')));
  const procs: ChildProcess[] = [];
  const stop = async () => {
    for (const p of procs.reverse()) await stopProcess(p);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdLog = path.join(dir, 'etcd.log');
    procs.push(
      start(bin.etcd.path, [
        '--name', 'test', '--data-dir', path.join(dir, 'etcd'),
        '--listen-client-urls', `http://127.0.0.1:${etcdClient}`, '--advertise-client-urls', `http://127.0.0.1:${etcdClient}`,
        '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
        '--initial-cluster', `test=http://127.0.0.1:${etcdPeer}`, '--unsafe-no-fsync', '--log-level', 'warn',
      ], etcdLog),
    );

    const token = crypto.randomBytes(24).toString('hex');
    fs.writeFileSync(path.join(dir, 'tokens.csv'), `${token},admin,admin,system:masters\n`, { mode: 0o600 });
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(path.join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    const certs = path.join(dir, 'certs');
    const apiLog = path.join(dir, 'kube-apiserver.log');
    procs.push(
      start(bin['kube-apiserver'].path, [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
        `--cert-dir=${certs}`,
        `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${path.join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
        // Addresses Services are given; nothing listens on them.
        '--service-cluster-ip-range=10.96.0.0/16',
        '--enable-priority-and-fairness=false',
        '--profiling=false',
      ], apiLog),
    );

    const kubeconfig = path.join(dir, 'kubeconfig');
    const writeKubeconfig = () =>
      fs.writeFileSync(
        kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters:',
          `- name: test\n  cluster:\n    server: https://127.0.0.1:${apiPort}\n    certificate-authority: ${path.join(certs, 'apiserver.crt')}`,
          'users:',
          `- name: admin\n  user:\n    token: ${token}`,
          'contexts:',
          '- name: test\n  context:\n    cluster: test\n    user: admin',
          'current-context: test',
          '',
        ].join('\n'),
        { mode: 0o600 },
      );
    const kubectl = bin.kubectl.path;
    await until('kube-apiserver', 120_000, () => {
      if (procs.some((p) => p.exitCode !== null)) throw new Error(`a server exited early:\n${fs.readFileSync(apiLog, 'utf-8').split('\n').slice(-20).join('\n')}`);
      if (!fs.existsSync(path.join(certs, 'apiserver.crt'))) return false;
      writeKubeconfig();
      return spawnSync(kubectl, ['--kubeconfig', kubeconfig, 'get', '--raw', '/readyz'], { encoding: 'utf-8' }).stdout.trim() === 'ok';
    }, [etcdLog, apiLog]);
    return { kubeconfig, kubectl, dir, apiserverVersion: bin['kube-apiserver'].version, etcdVersion: bin.etcd.version, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
