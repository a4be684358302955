/**
 * The size of the local minikube cluster `cluster up` asks for, and what
 * else runs on it besides the app. One place for these numbers: the flag
 * defaults, help texts and hints read them, and a test checks that the app
 * fits.
 */

/** CPUs `cluster up` gives minikube unless --cpus says otherwise. */
export const MINIKUBE_DEFAULT_CPUS = 2;

/** Memory in MB (minikube counts 1024-based megabytes) unless --memory says otherwise. */
export const MINIKUBE_DEFAULT_MEMORY_MB = 4096;

/** minikube refuses fewer CPUs than this. */
export const MINIKUBE_MIN_CPUS = 2;

/** minikube refuses less memory than this, in MB. */
export const MINIKUBE_MIN_MEMORY_MB = 1800;

/**
 * Share of the node's CPU and memory the requests must leave free: the
 * kubelet, the container runtime, the OS and eviction thresholds live there.
 */
export const NODE_RESERVE_FRACTION = 0.25;

/** A pod (or set of pods) that runs on the node besides the app, with its published requests. */
export interface ClusterComponent {
  readonly name: string;
  /** Summed CPU requests in millicores (0 when it requests none). */
  readonly cpuMillis: number;
  /** Summed memory requests in MiB (0 when it requests none). */
  readonly memoryMi: number;
  /** Where it comes from. */
  readonly from: string;
}

/**
 * What runs on a one-node minikube after `cluster up` (default docker
 * container runtime, so no CNI pod), with the requests of their published
 * manifests. Completed jobs (the ingress admission certificate jobs) hold
 * no resources and are left out.
 */
export const MINIKUBE_COMPONENTS: readonly ClusterComponent[] = [
  { name: 'kube-apiserver', cpuMillis: 250, memoryMi: 0, from: 'control plane (kubeadm)' },
  { name: 'kube-controller-manager', cpuMillis: 200, memoryMi: 0, from: 'control plane (kubeadm)' },
  { name: 'kube-scheduler', cpuMillis: 100, memoryMi: 0, from: 'control plane (kubeadm)' },
  { name: 'etcd', cpuMillis: 100, memoryMi: 100, from: 'control plane (kubeadm)' },
  { name: 'coredns', cpuMillis: 100, memoryMi: 70, from: 'cluster DNS, one replica on minikube' },
  { name: 'kube-proxy', cpuMillis: 0, memoryMi: 0, from: 'node networking' },
  { name: 'ingress-nginx controller', cpuMillis: 100, memoryMi: 90, from: 'ingress addon' },
  { name: 'metrics-server', cpuMillis: 100, memoryMi: 200, from: 'metrics-server addon' },
  { name: 'storage-provisioner', cpuMillis: 0, memoryMi: 0, from: 'storage-provisioner addon' },
];

/** CPU and memory requests. */
export interface Requests {
  readonly cpuMillis: number;
  readonly memoryMi: number;
}

/** The sum of some requests. */
export function sumRequests(items: readonly Requests[]): Requests {
  return items.reduce((a, b) => ({ cpuMillis: a.cpuMillis + b.cpuMillis, memoryMi: a.memoryMi + b.memoryMi }), { cpuMillis: 0, memoryMi: 0 });
}

/** What a node of `cpus` CPUs and `memoryMb` MB offers to requests after the reserve. */
export function schedulable(cpus: number, memoryMb: number): Requests {
  return { cpuMillis: cpus * 1000 * (1 - NODE_RESERVE_FRACTION), memoryMi: memoryMb * (1 - NODE_RESERVE_FRACTION) };
}

/**
 * Memory for minikube in MB from a --memory value: plain megabytes, or a
 * number with m/mb or g/gb (1024-based, as minikube reads it).
 */
export function memoryMb(value: string): number | undefined {
  const m = /^(\d+)([mg]b?)?$/i.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * (m[2]?.toLowerCase().startsWith('g') ? 1024 : 1);
}
