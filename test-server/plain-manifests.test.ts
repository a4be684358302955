// The plain manifests (dist/) against a real API server: server-side
// validation, Pod Security admission of every pod template, server-side apply
// twice, and kubectl delete.
import { RenderCase, renderCase } from '../test/support/render';
import { distFile, getObject, kubectl, kubectlOk, parseManifests } from './support/kube';

const CASES: Array<{ name: string; c: RenderCase }> = [
  { name: 'local', c: { profile: 'local', namespace: 'plain-local' } },
  { name: 'kind', c: { profile: 'kind', namespace: 'plain-kind' } },
  { name: 'production', c: { profile: 'production', namespace: 'plain-production' } },
  { name: 'postgres', c: { profile: 'local', namespace: 'plain-postgres', values: { database: { mode: 'postgres' } } } },
];

/** A Pod made from a workload's pod template, as its controller would make it (a StatefulSet adds its claims as volumes). */
function podFrom(workload: any, ns: string): any {
  const t = workload.spec.template;
  const claims = (workload.spec.volumeClaimTemplates ?? []).map((c: any) => ({
    name: c.metadata.name,
    persistentVolumeClaim: { claimName: `${c.metadata.name}-${workload.metadata.name}-0` },
  }));
  const spec = { ...t.spec, volumes: [...(t.spec.volumes ?? []), ...claims] };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${workload.metadata.name}-check`, namespace: ns, labels: t.metadata?.labels }, spec };
}

/** Server-side dry run of creating one object. */
function dryRunCreate(obj: any) {
  return kubectl(['create', '--dry-run=server', '-f', '-', '-o', 'name'], JSON.stringify(obj));
}

describe.each(CASES)('plain manifests: $name', ({ c }) => {
  const ns = c.namespace as string;
  const objects = parseManifests(renderCase(c).manifests);
  const file = distFile(c);

  beforeAll(() => {
    // The Namespace first, for real: a dry run of the rest needs it to exist.
    kubectlOk(['apply', '-f', '-'], JSON.stringify(objects.find((o) => o.kind === 'Namespace')));
  });

  test('kubectl apply --dry-run=server accepts every object', () => {
    const r = kubectl(['apply', '--dry-run=server', '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(objects.length);
  });

  test('the namespace enforces "restricted", and admits a Pod from every pod template', () => {
    expect(getObject('', `namespace/${ns}`).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    // The ServiceAccounts must exist for a Pod to be admitted.
    kubectlOk(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.filter((o) => o.kind === 'ServiceAccount') }));
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    expect(workloads.length).toBeGreaterThanOrEqual(2);
    for (const w of workloads) {
      const r = dryRunCreate(podFrom(w, ns));
      expect({ workload: w.metadata.name, stderr: r.stderr }).toEqual({ workload: w.metadata.name, stderr: '' });
    }
  });

  test('a pod that breaks "restricted" is refused, so the admission check can fail', () => {
    const backend = objects.find((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('-backend'));
    const bad = podFrom(backend, ns);
    bad.spec.containers[0].securityContext = { ...bad.spec.containers[0].securityContext, allowPrivilegeEscalation: true, runAsUser: 0 };
    const r = dryRunCreate(bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/violates PodSecurity "restricted:latest"/);
  });

  test('kubectl apply --server-side twice is idempotent, and kubectl delete -f removes every object', () => {
    expect(kubectl(['apply', '--server-side', '-f', file]).code).toBe(0);
    // A second apply would change nothing: the server-side diff is empty (controllers write only status and fields of their own).
    const diff = kubectl(['diff', '--server-side', '-f', file]);
    expect({ code: diff.code, diff: diff.stdout, stderr: diff.stderr }).toEqual({ code: 0, diff: '', stderr: '' });
    const again = kubectl(['apply', '--server-side', '-f', file]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    // The controllers finish the deletion (the Namespace's contents, the claim's protection finalizer).
    const deleted = kubectl(['delete', '-f', file, '--wait=true', '--timeout=120s']);
    expect({ code: deleted.code, stderr: deleted.stderr }).toEqual({ code: 0, stderr: '' });
    expect(kubectl(['get', '-f', file, '-o', 'name', '--ignore-not-found']).stdout.trim()).toBe('');
  });
});
