import { PROFILE_NAMES } from '../../lib/config';
import { validityProblems } from '../support/k8s-validity';
import { objectsOf } from '../support/render';

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'ns', ...extra });
const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', { labels: { app: 'web' } }), spec: { replicas: 1, template: { metadata: { labels: { app: 'web' } }, spec } } });

describe('the Kubernetes validity oracle', () => {
  test.each(PROFILE_NAMES)('the %s profile renders nothing it refuses', (profile) => {
    expect(validityProblems(objectsOf({ profile }))).toEqual([]);
  });

  const BAD: Array<[string, any[], RegExp]> = [
    ['a Service name with a leading digit', [{ kind: 'Service', metadata: meta('1web'), spec: {} }], /not a valid Service name/],
    ['an annotation key with a space', [{ kind: 'Ingress', metadata: meta('i', { annotations: { 'bad key': 'x' } }), spec: {} }], /annotation key/],
    ['annotations over 256 KiB', [{ kind: 'Ingress', metadata: meta('i', { annotations: { a: 'x'.repeat(200 * 1024), b: 'y'.repeat(60 * 1024) } }), spec: {} }], /over 256 KiB/],
    ['a label value over 63 characters', [{ kind: 'Secret', metadata: meta('s', { labels: { a: 'v'.repeat(64) } }) }], /invalid value/],
    ['a Secret key starting with ".."', [{ kind: 'Secret', metadata: meta('s'), data: { '..x': '' } }], /data key/],
    ['a StorageClass that is not a DNS name', [{ kind: 'PersistentVolumeClaim', metadata: meta('c'), spec: { storageClassName: 'Fast_SSD' } }], /storageClassName/],
    ['two Services on one nodePort', [{ kind: 'Service', metadata: meta('a'), spec: { ports: [{ nodePort: 30080 }] } }, { kind: 'Service', metadata: meta('b'), spec: { ports: [{ nodePort: 30080 }] } }], /already used/],
    ['an Ingress host that is an IP address', [{ kind: 'Ingress', metadata: meta('i'), spec: { rules: [{ host: '10.0.0.1' }] } }], /not a DNS name/],
    ['a variable set twice', [pod({ containers: [{ name: 'c', env: [{ name: 'A' }, { name: 'A' }] }] })], /more than once/],
    ['a mount inside another', [pod({ volumes: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'c', volumeMounts: [{ name: 'a', mountPath: '/tmp' }, { name: 'b', mountPath: '/tmp/db' }] }] })], /one inside the other/],
    ['a mount on /', [pod({ volumes: [{ name: 'a' }], containers: [{ name: 'c', volumeMounts: [{ name: 'a', mountPath: '/' }] }] })], /mounts a volume on \//],
    ['a StatefulSet name too long for its revision label', [{ kind: 'StatefulSet', metadata: meta('s'.repeat(53)), spec: {} }], /revision label/],
    ['a PDB that keeps the only pod', [pod({ containers: [] }), { kind: 'PodDisruptionBudget', metadata: meta('p'), spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } }], /not below the 1 replicas/],
    ['a namespace selector value that is not a label value', [{ kind: 'NetworkPolicy', metadata: meta('n'), spec: { ingress: [{ from: [{ namespaceSelector: { matchLabels: { k: 'bad value' } } }] }] } }], /namespaceSelector/],
    ['an HPA whose minimum is above its maximum', [{ kind: 'HorizontalPodAutoscaler', metadata: meta('h'), spec: { minReplicas: 3, maxReplicas: 2 } }], /minReplicas above/],
  ];

  test.each(BAD)('finds %s', (_name, objects, problem) => {
    const problems = validityProblems(objects);
    expect(problems.some((p) => problem.test(p))).toBe(true);
  });
});
