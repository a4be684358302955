import * as fs from 'fs';
import * as path from 'path';
import { appRequests, appRequestsOf, cpuMillis, memoryMi, workloadRequests } from '../support/app-requests';
import {
  memoryMb,
  MINIKUBE_COMPONENTS,
  MINIKUBE_DEFAULT_CPUS,
  MINIKUBE_DEFAULT_MEMORY_MB,
  MINIKUBE_MIN_CPUS,
  MINIKUBE_MIN_MEMORY_MB,
  NODE_RESERVE_FRACTION,
  schedulable,
  sumRequests,
} from '../../lib/cli/cluster-size';
import { commandLines, REPO_ROOT, useSandbox } from './support';

describe('the local cluster size', () => {
  const local = appRequests(REPO_ROOT, 'local');

  it('finds every workload of the local profile with its pods and surge', () => {
    const byName = Object.fromEntries(local.workloads.map((w) => [w.name, w]));
    expect(Object.keys(byName).sort()).toEqual(['todo-chatbot-backend', 'todo-chatbot-frontend']);
    // The SQLite backend is replaced (Recreate); the frontend starts a new pod before stopping the old one.
    expect(byName['todo-chatbot-backend'].surgePods).toBe(0);
    expect(byName['todo-chatbot-frontend'].surgePods).toBe(1);
    for (const w of local.workloads) {
      expect(w.pods).toBeGreaterThanOrEqual(1);
      expect(w.perPod.cpuMillis).toBeGreaterThan(0);
      expect(w.perPod.memoryMi).toBeGreaterThan(0);
    }
    expect(local.rolling.cpuMillis).toBeGreaterThan(local.steady.cpuMillis);
  });

  it('the README states these numbers and the default size', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf-8').replace(/\s+/g, ' ');
    const text = (r: { cpuMillis: number; memoryMi: number }) => `${r.cpuMillis}m CPU and ${r.memoryMi} MiB`;
    const system = sumRequests(MINIKUBE_COMPONENTS);
    expect(readme).toContain(
      `the local profile's pods request **${text(local.steady)}** (${text(local.rolling)} while the frontend rolls out a new pod). ` +
        `With what minikube and the addons \`cluster up\` enables request (${text(system)}), that is ${text(sumRequests([system, local.rolling]))} ` +
        `of the **${MINIKUBE_DEFAULT_CPUS} CPUs / ${MINIKUBE_DEFAULT_MEMORY_MB} MB** that \`cluster up\` gives minikube`,
    );
  });

  it('fits the default minikube with a quarter of the node to spare, during a rolling update', () => {
    const system = sumRequests(MINIKUBE_COMPONENTS);
    const total = sumRequests([system, local.rolling]);
    const room = schedulable(MINIKUBE_DEFAULT_CPUS, MINIKUBE_DEFAULT_MEMORY_MB);
    expect(NODE_RESERVE_FRACTION).toBeGreaterThanOrEqual(0.25);
    expect(total.cpuMillis).toBeLessThanOrEqual(room.cpuMillis);
    expect(total.memoryMi).toBeLessThanOrEqual(room.memoryMi);
  });

  it('counts what minikube and the enabled addons run', () => {
    const names = MINIKUBE_COMPONENTS.map((c) => c.name);
    for (const name of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'coredns', 'kube-proxy', 'ingress-nginx controller', 'metrics-server', 'storage-provisioner']) {
      expect(names).toContain(name);
    }
    expect(sumRequests(MINIKUBE_COMPONENTS)).toEqual({ cpuMillis: 950, memoryMi: 460 });
  });

  it('asks for no less than minikube accepts', () => {
    expect(MINIKUBE_DEFAULT_CPUS).toBeGreaterThanOrEqual(MINIKUBE_MIN_CPUS);
    expect(MINIKUBE_DEFAULT_MEMORY_MB).toBeGreaterThanOrEqual(MINIKUBE_MIN_MEMORY_MB);
  });
});

describe('cluster up defaults', () => {
  const box = useSandbox(['minikube', 'kubectl']);

  it('start minikube with the exported defaults and show them in the help', async () => {
    const b = box();
    const r = await b.run(['cluster', 'up']);
    expect(commandLines(r.calls)[0]).toBe(`minikube start -p minikube --cpus ${MINIKUBE_DEFAULT_CPUS} --memory ${MINIKUBE_DEFAULT_MEMORY_MB}`);
    const help = await b.run(['cluster', 'up', '--help']);
    expect(help.out).toContain(`CPUs for minikube (default ${MINIKUBE_DEFAULT_CPUS}; at least ${MINIKUBE_MIN_CPUS})`);
    expect(help.out).toContain(`(default ${MINIKUBE_DEFAULT_MEMORY_MB}; at least ${MINIKUBE_MIN_MEMORY_MB})`);
    expect(help.out).toContain(`(default ${MINIKUBE_DEFAULT_CPUS} CPUs and ${MINIKUBE_DEFAULT_MEMORY_MB} MB:`);
  });
});

describe('request arithmetic', () => {
  it('reads CPU and memory quantities', () => {
    expect([cpuMillis('250m'), cpuMillis('1'), cpuMillis('0.5'), cpuMillis(2), cpuMillis(undefined)]).toEqual([250, 1000, 500, 2000, 0]);
    expect([memoryMi('256Mi'), memoryMi('1Gi'), memoryMi('1024Ki'), memoryMi(String(1024 * 1024)), memoryMi('1000M')]).toEqual([256, 1024, 1, 1, 1e9 / 1024 ** 2]);
    expect(memoryMi('1Pi')).toBe(1024 ** 3);
    expect(() => cpuMillis('lots')).toThrow('"lots" is not a quantity');
    expect([memoryMb('4096'), memoryMb('4g'), memoryMb('2GB'), memoryMb('1800mb'), memoryMb('lots')]).toEqual([4096, 4096, 2048, 1800, undefined]);
  });

  it('adds replicas, autoscaler minimums, init containers and surge pods', () => {
    const yaml = [
      'kind: Deployment',
      'metadata: { name: web }',
      'spec:',
      '  replicas: 3',
      '  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 50% } }',
      '  template: { spec: { containers: [{ resources: { requests: { cpu: 100m, memory: 64Mi } } }, { resources: { requests: { cpu: 50m } } }] } }',
      '---',
      'kind: Deployment',
      'metadata: { name: api }',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers: [{ resources: { requests: { cpu: 200m, memory: 32Mi } } }]',
      '      containers: [{ resources: { requests: { cpu: "0.25", memory: 128Mi } } }]',
      '---',
      'kind: HorizontalPodAutoscaler',
      'metadata: { name: api }',
      'spec: { scaleTargetRef: { kind: Deployment, name: api }, minReplicas: 2 }',
      '---',
      'kind: Deployment',
      'metadata: { name: db-like }',
      'spec: { replicas: 1, strategy: { type: Recreate }, template: { spec: { containers: [{ resources: { requests: { memory: 1Gi } } }] } } }',
      '---',
      'kind: StatefulSet',
      'metadata: { name: pg }',
      'spec: { replicas: 2, template: { spec: { containers: [{ resources: { requests: { cpu: 100m, memory: 256Mi } } }] } } }',
      '---',
      'kind: Service',
      'metadata: { name: ignored }',
    ].join('\n');
    expect(workloadRequests(yaml).map((w) => [w.name, w.pods, w.surgePods, w.perPod.cpuMillis, w.perPod.memoryMi])).toEqual([
      ['web', 3, 2, 150, 64],
      ['api', 2, 1, 450, 160],
      ['db-like', 1, 0, 0, 1024],
      ['pg', 2, 0, 100, 256],
    ]);
    const totals = appRequestsOf(yaml);
    // web 3x150m/64Mi, api 2x450m/160Mi, db-like 1Gi, pg 2x100m/256Mi; surge: web 2 pods, api 1 pod.
    expect(totals.steady).toEqual({ cpuMillis: 450 + 900 + 0 + 200, memoryMi: 192 + 320 + 1024 + 512 });
    expect(totals.rolling).toEqual({ cpuMillis: 1550 + 300 + 450, memoryMi: 2048 + 128 + 160 });
  });
});
