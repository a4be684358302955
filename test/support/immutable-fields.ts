/**
 * The fields Kubernetes refuses to change on an existing object, by kind: the
 * one statement of the rule that `helm upgrade` (and `kubectl apply`) must
 * never break. A kind the chart can render and this table does not list fails
 * the upgrade-safety test, so a new object is covered as soon as it exists.
 */

/** A path into an object. */
export type FieldPath = readonly string[];

export interface ImmutableFields {
  /** Fields that must be identical between two versions of the object. */
  readonly same: readonly FieldPath[];
  /** Storage quantities that may grow (volume expansion) but never shrink. */
  readonly grows?: readonly FieldPath[];
  /** Why the kind has none, when it has none (e.g. hook objects are deleted before they are made again). */
  readonly none?: string;
}

const SELECTOR: FieldPath = ['spec', 'selector'];

export const IMMUTABLE_FIELDS: Readonly<Record<string, ImmutableFields>> = {
  Deployment: { same: [SELECTOR] },
  // apps/v1 validation: only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds may change.
  StatefulSet: { same: [SELECTOR, ['spec', 'volumeClaimTemplates'], ['spec', 'serviceName'], ['spec', 'podManagementPolicy']] },
  Service: { same: [['spec', 'clusterIP'], ['spec', 'clusterIPs']] },
  PersistentVolumeClaim: {
    same: [['spec', 'storageClassName'], ['spec', 'accessModes'], ['spec', 'volumeMode'], ['spec', 'volumeName'], ['spec', 'selector'], ['spec', 'dataSource']],
    grows: [['spec', 'resources', 'requests', 'storage']],
  },
  // The type of a Secret never changes; `immutable: true` freezes data as well, so it must not appear either.
  Secret: { same: [['type'], ['immutable']] },
  ConfigMap: { same: [['immutable']] },
  Namespace: { same: [], none: 'only metadata and finalizers' },
  ServiceAccount: { same: [], none: 'every field may change' },
  Ingress: { same: [], none: 'every field may change' },
  NetworkPolicy: { same: [], none: 'every field may change' },
  HorizontalPodAutoscaler: { same: [], none: 'every field may change' },
  // The selector became mutable in policy/v1.
  PodDisruptionBudget: { same: [], none: 'every field may change' },
  HTTPRoute: { same: [], none: 'every field may change' },
  // The helm test Pod carries hook-delete-policy before-hook-creation: it is deleted before it is made again.
  Pod: { same: [], none: 'the helm test hook pod is deleted before each run' },
};

function at(o: unknown, p: FieldPath): unknown {
  return p.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** Bytes of a storage quantity such as 1Gi, 500M or 2e9. */
export function storageBytes(q: unknown): number {
  const m = /^(\d+(?:\.\d+)?(?:[eE]\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(String(q));
  if (!m) throw new Error(`not a storage quantity: ${JSON.stringify(q)}`);
  const unit = m[2] ?? '';
  return Number(m[1]) * (BINARY[unit] ?? DECIMAL[unit]);
}

/** Identity of an object across two renders. */
export function objectId(o: any): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/**
 * What an upgrade from `before` to `after` would change that Kubernetes
 * refuses to change, one line each. Objects in only one render are created or
 * deleted, which is allowed.
 */
export function immutableChanges(before: readonly any[], after: readonly any[]): string[] {
  const next = new Map(after.map((o) => [objectId(o), o]));
  const problems: string[] = [];
  for (const old of before) {
    const id = objectId(old);
    const now = next.get(id);
    if (!now) continue;
    const rule = IMMUTABLE_FIELDS[old.kind];
    if (!rule) {
      problems.push(`${id}: kind ${old.kind} is not in IMMUTABLE_FIELDS`);
      continue;
    }
    for (const p of rule.same) {
      const [a, b] = [JSON.stringify(at(old, p)), JSON.stringify(at(now, p))];
      if (a !== b) problems.push(`${id}: ${p.join('.')} changes from ${a} to ${b}`);
    }
    for (const p of rule.grows ?? []) {
      const [a, b] = [at(old, p), at(now, p)];
      if (storageBytes(b) < storageBytes(a)) problems.push(`${id}: ${p.join('.')} shrinks from ${String(a)} to ${String(b)}`);
    }
  }
  return problems;
}
