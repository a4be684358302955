/**
 * The CPU and memory the app's pods request, read from rendered manifests:
 * what the README states and what the local cluster size is checked against.
 */
import { parseAllDocuments } from 'yaml';
import { Requests, sumRequests } from '../../lib/cli/cluster-size';
import { render } from '../../lib/synth';
import { quantityToNano } from '../../lib/template/quantity';

/** The requests of one Deployment or StatefulSet. */
export interface WorkloadRequests {
  readonly kind: string;
  readonly name: string;
  /** Pods it runs: replicas, or its autoscaler's minimum. */
  readonly pods: number;
  /** Extra pods a rolling update starts before old ones stop (maxSurge). */
  readonly surgePods: number;
  /** Requests of one pod: every container and init container added up. */
  readonly perPod: Requests;
}

/** The app's requests at rest and while its Deployments roll. */
export interface AppRequests {
  /** Every pod of every workload. */
  readonly steady: Requests;
  /** Steady plus each Deployment's surge pods, the peak of a rolling update. */
  readonly rolling: Requests;
  readonly workloads: readonly WorkloadRequests[];
}

const NANO_PER_MILLI = 1_000_000n;
const NANO_PER_MIB = 1_000_000_000n * 1024n * 1024n;

/** A CPU quantity ("250m", "1", "0.5") in millicores. */
export function cpuMillis(quantity: string | number | undefined): number {
  return quantity === undefined ? 0 : Number(quantityToNano(quantity) / NANO_PER_MILLI);
}

/** A memory quantity ("256Mi", "1Gi", "512M", bytes) in MiB. */
export function memoryMi(quantity: string | number | undefined): number {
  return quantity === undefined ? 0 : Number(quantityToNano(quantity)) / Number(NANO_PER_MIB);
}

interface Container {
  resources?: { requests?: { cpu?: string; memory?: string } };
}

interface Manifest {
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    replicas?: number;
    minReplicas?: number;
    scaleTargetRef?: { kind?: string; name?: string };
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string } };
    template?: { spec?: { containers?: Container[]; initContainers?: Container[] } };
  };
}

/** Pods a rolling update adds: maxSurge as a count, or a percentage rounded up (Kubernetes' default is 25%). */
function surgePods(m: Manifest, pods: number): number {
  if (m.kind !== 'Deployment' || m.spec?.strategy?.type === 'Recreate') return 0;
  const surge = m.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%';
  if (typeof surge === 'number') return surge;
  const pct = /^(\d+)%$/.exec(surge);
  return pct ? Math.ceil((pods * Number(pct[1])) / 100) : Number(surge);
}

/**
 * The requests of every Deployment and StatefulSet in a YAML stream. Init
 * containers are added to the others, an upper bound (the scheduler counts
 * the larger of the two).
 */
export function workloadRequests(manifests: string): WorkloadRequests[] {
  const objects = parseAllDocuments(manifests)
    .map((d) => d.toJS() as Manifest | null)
    .filter((o): o is Manifest => o !== null && typeof o === 'object');
  const autoscaled = new Map(
    objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => [`${o.spec?.scaleTargetRef?.kind}/${o.spec?.scaleTargetRef?.name}`, o.spec?.minReplicas ?? 1]),
  );
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((o) => {
      const name = o.metadata?.name ?? '';
      const pod = o.spec?.template?.spec ?? {};
      const containers = [...(pod.containers ?? []), ...(pod.initContainers ?? [])];
      const perPod = sumRequests(containers.map((c) => ({ cpuMillis: cpuMillis(c.resources?.requests?.cpu), memoryMi: memoryMi(c.resources?.requests?.memory) })));
      const pods = o.spec?.replicas ?? autoscaled.get(`${o.kind}/${name}`) ?? 1;
      return { kind: o.kind as string, name, pods, surgePods: surgePods(o, pods), perPod };
    });
}

/** Totals of the workloads in a YAML stream, at rest and during a rolling update. */
export function appRequestsOf(manifests: string): AppRequests {
  const workloads = workloadRequests(manifests);
  const times = (r: Requests, n: number): Requests => ({ cpuMillis: r.cpuMillis * n, memoryMi: r.memoryMi * n });
  const steady = sumRequests(workloads.map((w) => times(w.perPod, w.pods)));
  const rolling = sumRequests([steady, ...workloads.map((w) => times(w.perPod, w.surgePods))]);
  return { steady, rolling, workloads };
}

/** The app's requests for a profile (default local), rendered from this project's own configuration. */
export function appRequests(root: string, profile = 'local'): AppRequests {
  // Any fixed value will do: generated secrets do not change requests.
  const { manifests } = render({ root, profile, generate: () => 'x'.repeat(48) });
  return appRequestsOf(manifests);
}
