/**
 * A throw-away Kubernetes cluster on loopback, built from Go modules
 * (scripts/build-server.js): etcd, kube-apiserver with a self-signed serving
 * certificate it makes itself and a static admin token, kube-controller-manager
 * and kube-scheduler, and kwok standing in for the kubelet of one node. The
 * kubeconfig lives in a temp folder.
 *
 * Objects are stored, validated, defaulted and admitted as in a real cluster;
 * controllers make ReplicaSets, Pods and claims, bind claims to volumes of the
 * default StorageClass, and collect garbage; kwok marks scheduled pods Ready.
 * No container runs: a pod is Ready without its image, probes or command.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

// The build script, shared with `npm run build:server`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build, moduleDir } = require(path.join(ROOT, 'scripts', 'build-server.js')) as {
  build(): Record<string, Binary>;
  moduleDir(module: string, mod: string): string;
};

/** Volumes made up front for the default StorageClass, as a laptop cluster's provisioner would. */
const VOLUMES = 40;
export const NODE = 'kwok-node';

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
  readonly kwokVersion: string;
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

function start(bin: string, args: string[], log: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const out = fs.openSync(log, 'a');
  return spawn(bin, args, { stdio: ['ignore', out, out], env });
}

/**
 * kwok's own stages from its module, as kwokctl sets them up: nodes become
 * Ready and keep a lease (else the node lifecycle controller marks the node
 * and its pods NotReady after its grace period), pods become Ready, deleted
 * pods go.
 */
function kwokConfig(dir: string): string {
  const stages = path.join(moduleDir('kwok', 'sigs.k8s.io/kwok'), 'kustomize', 'stage');
  const files = [
    'node/fast/node-initialize.yaml', 'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
    'pod/fast/pod-ready.yaml', 'pod/fast/pod-complete.yaml', 'pod/fast/pod-delete.yaml',
  ];
  const file = path.join(dir, 'kwok.yaml');
  fs.writeFileSync(file, files.map((f) => fs.readFileSync(path.join(stages, f), 'utf-8')).join('\n---\n'));
  return file;
}

/** The node kwok runs, a default StorageClass, and volumes for it. */
function clusterObjects(): string {
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE, 'kubernetes.io/os': 'linux', type: 'kwok' } } };
  const storageClass = {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    // As on kind: the scheduler binds a claim when it places the pod, so a pod never waits on a claim bound a moment later.
    provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Retain',
  };
  const volumes = Array.from({ length: VOLUMES }, (_, i) => ({
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: `volume-${i}` },
    spec: { storageClassName: 'standard', capacity: { storage: '100Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/volumes/${i}` } },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [node, storageClass, ...volumes] });
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

/** Builds (if needed) and starts the cluster; resolves when the node is Ready and the controllers run. */
export async function startCluster(): Promise<Cluster> {
  const bin = build();
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'todo-server-')));
  const procs: ChildProcess[] = [];
  const stop = async () => {
    for (const p of procs.reverse()) await stopProcess(p);
    // TODO_CHATBOT_TEST_LOGS=DIR keeps the servers' logs, to look into a failure.
    const keep = process.env.TODO_CHATBOT_TEST_LOGS;
    if (keep) {
      fs.mkdirSync(keep, { recursive: true });
      for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.log'))) fs.copyFileSync(path.join(dir, f), path.join(keep, f));
    }
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
    /** kubectl's output when it succeeds, else undefined. */
    const ok = (args: string[], input?: string) => {
      const r = spawnSync(kubectl, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf-8', input });
      return r.status === 0 ? r.stdout.trim() : undefined;
    };
    await until('kube-apiserver', 120_000, () => {
      if (procs.some((p) => p.exitCode !== null)) throw new Error(`a server exited early:\n${fs.readFileSync(apiLog, 'utf-8').split('\n').slice(-20).join('\n')}`);
      if (!fs.existsSync(path.join(certs, 'apiserver.crt'))) return false;
      writeKubeconfig();
      return ok(['get', '--raw', '/readyz']) === 'ok';
    }, [etcdLog, apiLog]);

    const [kcmPort, schedulerPort, kwokPort] = [await freePort(), await freePort(), await freePort()];
    const kcmLog = path.join(dir, 'kube-controller-manager.log');
    procs.push(
      start(bin['kube-controller-manager'].path, [
        `--kubeconfig=${kubeconfig}`, '--leader-elect=false',
        '--bind-address=127.0.0.1', `--secure-port=${kcmPort}`, `--cert-dir=${path.join(dir, 'kcm-certs')}`,
        `--service-account-private-key-file=${path.join(dir, 'sa.key')}`,
        `--root-ca-file=${path.join(certs, 'apiserver.crt')}`,
        '--profiling=false',
      ], kcmLog),
    );
    const schedulerLog = path.join(dir, 'kube-scheduler.log');
    procs.push(
      start(bin['kube-scheduler'].path, [
        `--kubeconfig=${kubeconfig}`, '--leader-elect=false',
        '--bind-address=127.0.0.1', `--secure-port=${schedulerPort}`, `--cert-dir=${path.join(dir, 'scheduler-certs')}`,
        '--profiling=false',
      ], schedulerLog),
    );
    const kwokLog = path.join(dir, 'kwok.log');
    procs.push(
      start(bin.kwok.path, [
        `--kubeconfig=${kubeconfig}`, `--config=${kwokConfig(dir)}`,
        `--manage-single-node=${NODE}`, `--server-address=127.0.0.1:${kwokPort}`,
        '--node-ip=127.0.0.1', '--cidr=10.244.0.0/16', '--node-lease-duration-seconds=40',
      ], kwokLog, { ...process.env, HOME: dir }), // kwok also reads ~/.kwok/kwok.yaml: not the user's
    );
    if (ok(['apply', '--server-side', '-f', '-'], clusterObjects()) === undefined) throw new Error('could not create the node, StorageClass and volumes of the test cluster');
    const logs = [kcmLog, schedulerLog, kwokLog];
    await until('the node, the controllers and the scheduler', 120_000, () => {
      if (procs.some((p) => p.exitCode !== null)) throw new Error(`a server exited early:\n${logs.map((l) => fs.readFileSync(l, 'utf-8').split('\n').slice(-20).join('\n')).join('\n')}`);
      return ok(['get', 'node', NODE, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']) === 'True'
        && ok(['get', 'serviceaccount', 'default', '-n', 'default', '-o', 'name']) === 'serviceaccount/default'
        && ok(['get', '--raw', '/readyz']) === 'ok';
    }, logs);
    return {
      kubeconfig, kubectl, dir, stop,
      apiserverVersion: bin['kube-apiserver'].version, etcdVersion: bin.etcd.version, kwokVersion: bin.kwok.version,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
