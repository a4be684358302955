// The Kubernetes validity oracle (test/support/k8s-validity) against the real
// API server: each case is one object sent with a server-side dry run (after
// any objects it needs are created for real), and the table states what the
// server does with it. The oracle must flag every object the server refuses
// and pass every object it accepts, except where the case says why the oracle
// reports more than the server checks (`beyond`).
import { validityProblems } from '../test/support/k8s-validity';
import { kubectl, kubectlOk } from './support/kube';
import { validObjects } from '../test/support/validity-fixtures';

const NS = 'validity-oracle';
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, ...extra });

const { labels, container, podSpec, deployment, statefulSet, service, secret, configMap, claim, ingress, networkPolicy, pdb, hpa } = validObjects(meta);
const pod = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta('web-test', extra), spec: { ...podSpec(), restartPolicy: 'Never' } });

function changed<T>(o: T, change: (o: any) => void): T {
  const copy = structuredClone(o);
  change(copy);
  return copy;
}
const c0 = (o: any) => o.spec.template.spec.containers[0];

interface Case {
  readonly name: string;
  /** The object sent with a dry run. */
  readonly subject: any;
  /** Objects rendered with it: the oracle sees them too; created for real first when `create` is set. */
  readonly context?: any[];
  readonly create?: boolean;
  /** What kube-apiserver 1.34 does with the subject. */
  readonly server: 'accepts' | 'refuses';
  /** Why the oracle reports an object the server accepts. */
  readonly beyond?: string;
  /** Sends the subject for real (and deletes it): a dry run does not check node ports against their range. */
  readonly real?: boolean;
  /** A warning the server gives for an accepted object. */
  readonly warning?: RegExp;
}

const accepts = (name: string, subject: any, more: Partial<Case> = {}): Case => ({ name, subject, server: 'accepts', ...more });
const refuses = (name: string, subject: any, more: Partial<Case> = {}): Case => ({ name, subject, server: 'refuses', ...more });

const CASES: Case[] = [
  // Valid objects, some at the edges of a rule.
  ...[deployment(), statefulSet(), service(), secret(), configMap(), claim(), ingress(), networkPolicy(), pdb(), hpa(), pod()].map((o) => accepts(`a valid ${o.kind}`, o)),
  accepts('a 253-character ConfigMap name', changed(configMap(), (o) => (o.metadata.name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`))),
  accepts('a 63-character label value and an empty one', changed(secret(), (o) => (o.metadata.labels = { a: 'v'.repeat(63), 'example.com/b': '' }))),
  accepts('annotations of exactly 256 KiB', changed(secret(), (o) => (o.metadata.annotations = { a: 'x'.repeat(256 * 1024 - 1) }))),
  accepts('an annotation key with an upper case prefix', changed(ingress(), (o) => (o.metadata.annotations = { 'Example.COM/Key': 'x' }))),
  accepts('a PodDisruptionBudget named with capitals and "_"', changed(pdb(), (o) => (o.metadata.name = 'Web_PDB'))),
  accepts('env names with "." and "-"', changed(deployment(), (o) => c0(o).env.push({ name: 'my.env-name', value: '' }, { name: '_X', value: '' }))),
  accepts('a request equal to its limit in other units', changed(deployment(), (o) => (c0(o).resources = { requests: { memory: '1Gi', cpu: '0.5' }, limits: { memory: '1073741824', cpu: '500m' } }))),
  accepts('requests finer than 1n, rounded up to their limit', changed(deployment(), (o) => (c0(o).resources = { requests: { cpu: '0.0000000002' }, limits: { cpu: '0.0000000001' } }))),
  accepts('a 52-character StatefulSet name', changed(statefulSet(), (o) => (o.metadata.name = 'd'.repeat(52)))),
  accepts('a wildcard host', changed(ingress(), (o) => (o.spec.rules[0].host = '*.example.com'))),
  accepts('an empty ImplementationSpecific path', changed(ingress(), (o) => (o.spec.rules[0].http.paths[0] = { pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { number: 80 } } } }))),
  accepts('one port on TCP and UDP, and a target port of 0', changed(service(), (o) => (o.spec.ports = [{ name: 'dns', port: 53, targetPort: 0 }, { name: 'dns-udp', port: 53, protocol: 'UDP' }]))),
  accepts('node port 32767', service('top', 32767)),
  accepts('an IPv6 ipBlock', changed(networkPolicy(), (o) => (o.spec.egress[0].to = [{ ipBlock: { cidr: '2001:db8::/32' } }]))),

  // Accepted by the server, reported by the oracle.
  accepts('an env name with a leading digit', changed(deployment(), (o) => (c0(o).env[0].name = '1PORT')), { beyond: 'Kubernetes before 1.32 refuses it; the chart supports 1.28' }),
  accepts('an env name set twice', changed(deployment(), (o) => c0(o).env.push({ name: 'PORT', value: '1' })), { beyond: 'the later value silently wins', warning: /hides previous definition of "PORT"/ }),
  accepts('a mount inside another', changed(deployment(), (o) => { o.spec.template.spec.volumes.push({ name: 'b', emptyDir: {} }); c0(o).volumeMounts.push({ name: 'b', mountPath: '/tmp/db' }); }), { beyond: 'which mount shadows the other depends on the runtime' }),
  accepts('a mount on "/"', changed(deployment(), (o) => (c0(o).volumeMounts[0].mountPath = '/')), { beyond: 'no runtime replaces the root filesystem' }),
  accepts('a pod volume named as a claim template', changed(statefulSet(), (o) => o.spec.template.spec.volumes.push({ name: 'data', emptyDir: {} })), { beyond: 'the pods get the claim, not the volume' }),
  accepts('a 53-character StatefulSet name', changed(statefulSet(), (o) => (o.metadata.name = 'd'.repeat(53))), { beyond: 'its pods\' controller-revision-hash label would be over 63 characters (see the Pod case below)' }),
  accepts('a 62-character StatefulSet name', changed(statefulSet(), (o) => (o.metadata.name = 'd'.repeat(62))), { beyond: 'its pods\' hostname would be over 63 characters (see the Pod case below)' }),
  accepts('a PodDisruptionBudget that keeps every replica', pdb({ minAvailable: 2 }), { context: [deployment()], beyond: 'no node drain can evict a pod' }),
  accepts('a PodDisruptionBudget with maxUnavailable 0', pdb({ maxUnavailable: 0 }), { context: [deployment()], beyond: 'no node drain can evict a pod' }),
  accepts('a StatefulSet rolling update with maxUnavailable 0', changed(statefulSet(), (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } })), { beyond: 'the field is dropped while the alpha MaxUnavailableStatefulSet gate is off' }),
  accepts('one object rendered twice', secret(), { context: [secret()], beyond: 'the last one applied replaces the other' }),

  // Refused.
  refuses('a Pod labelled as the pods of a 53-character StatefulSet', pod({ labels: { 'controller-revision-hash': `${'d'.repeat(53)}-7b9c4d5f6a` } })),
  refuses('a Pod with the hostname of a 62-character StatefulSet\'s first pod', changed(pod(), (o) => (o.spec.hostname = `${'d'.repeat(62)}-0`))),
  refuses('a Deployment name with a capital', changed(deployment(), (o) => (o.metadata.name = 'Web'))),
  refuses('a ConfigMap name of 254 characters', changed(configMap(), (o) => (o.metadata.name = 'a'.repeat(254)))),
  refuses('a Service name with a leading digit', changed(service(), (o) => (o.metadata.name = '1web'))),
  refuses('a Namespace name with a dot', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }),
  refuses('a StatefulSet name with a dot', changed(statefulSet(), (o) => (o.metadata.name = 'db.x'))),
  refuses('a label key with a space', changed(secret(), (o) => (o.metadata.labels = { 'bad key': 'x' }))),
  refuses('a label key with an upper case prefix', changed(secret(), (o) => (o.metadata.labels = { 'Example.com/a': 'x' }))),
  refuses('a label key with two "/"', changed(secret(), (o) => (o.metadata.labels = { 'a/b/c': 'x' }))),
  refuses('a label value of 64 characters', changed(secret(), (o) => (o.metadata.labels = { a: 'v'.repeat(64) }))),
  refuses('a label value starting with "-"', changed(secret(), (o) => (o.metadata.labels = { a: '-v' }))),
  refuses('an annotation key with a space', changed(ingress(), (o) => (o.metadata.annotations = { 'bad key': 'x' }))),
  refuses('an annotation key whose name part is 64 characters', changed(ingress(), (o) => (o.metadata.annotations = { [`example.com/${'n'.repeat(64)}`]: 'x' }))),
  refuses('an annotation key whose prefix is 254 characters', changed(ingress(), (o) => (o.metadata.annotations = { [`${'p'.repeat(250)}.com/x`]: 'x' }))),
  refuses('annotations one byte over 256 KiB', changed(secret(), (o) => (o.metadata.annotations = { a: 'x'.repeat(200 * 1024), b: 'y'.repeat(56 * 1024 - 1) }))),
  refuses('pod template labels that are not label values', changed(deployment(), (o) => (o.spec.template.metadata.labels = { ...labels, v: 'a b' }))),
  refuses('a claim template name that is not a volume name', changed(statefulSet(), (o) => { o.spec.volumeClaimTemplates[0].metadata.name = 'Data'; c0(o).volumeMounts[1].name = 'Data'; })),
  refuses('a Secret key starting with ".."', changed(secret(), (o) => (o.data = { '..x': '' }))),
  refuses('a Secret key "."', changed(secret(), (o) => (o.data = { '.': '' }))),
  refuses('a Secret key with "/"', changed(secret(), (o) => (o.data = { 'a/b': '' }))),
  refuses('a stringData key of 254 characters', changed(secret(), (o) => (o.stringData = { ['k'.repeat(254)]: '' }))),
  refuses('a Secret one byte over 1 MiB', changed(secret(), (o) => (o.stringData = { a: 'x'.repeat(1024 * 1024) }))),
  refuses('a ConfigMap key in data and binaryData', changed(configMap(), (o) => (o.binaryData = { 'app.yaml': 'AA==' }))),
  refuses('two Service ports with one name', changed(service(), (o) => o.spec.ports.push({ name: 'http', port: 81 }))),
  refuses('two Service ports with one port and protocol', changed(service(), (o) => o.spec.ports.push({ name: 'other', port: 80, protocol: 'TCP' }))),
  refuses('a second Service port without a name', changed(service(), (o) => o.spec.ports.push({ port: 81 }))),
  refuses('a Service port name with a capital', changed(service(), (o) => (o.spec.ports[0].name = 'Http'))),
  refuses('a target port name over 15 characters', changed(service(), (o) => (o.spec.ports[0].targetPort = 'a-very-long-port-name'))),
  refuses('a nodePort on a ClusterIP Service', changed(service(), (o) => (o.spec.ports[0].nodePort = 30080))),
  refuses('a nodePort below the range', service('low', 29999), { real: true }),
  refuses('a nodePort another Service holds', service('second', 30080), { context: [service('first', 30080)], create: true }),
  refuses('an env name with "="', changed(deployment(), (o) => (c0(o).env[0].name = 'A=B'))),
  refuses('valueFrom next to a value', changed(deployment(), (o) => (c0(o).env[1].value = 'x'))),
  refuses('a secretKeyRef key with a space', changed(deployment(), (o) => (c0(o).env[1].valueFrom.secretKeyRef.key = 'a b'))),
  refuses('an envFrom with two sources', changed(deployment(), (o) => (c0(o).envFrom = [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }]))),
  refuses('a mount of an unknown volume', changed(deployment(), (o) => (c0(o).volumeMounts[0].name = 'cache'))),
  refuses('one mount path twice', changed(deployment(), (o) => { o.spec.template.spec.volumes.push({ name: 'b', emptyDir: {} }); c0(o).volumeMounts.push({ name: 'b', mountPath: '/tmp' }); })),
  refuses('a subPath with ".."', changed(deployment(), (o) => (c0(o).volumeMounts[0].subPath = 'a/../b'))),
  refuses('two volumes with one name', changed(deployment(), (o) => o.spec.template.spec.volumes.push({ name: 'tmp', emptyDir: {} }))),
  refuses('a volume name with a capital', changed(deployment(), (o) => (o.spec.template.spec.volumes = [{ name: 'Tmp', emptyDir: {} }, { name: 'tmp', emptyDir: {} }]))),
  refuses('two containers with one name', changed(deployment(), (o) => o.spec.template.spec.containers.push(container()))),
  refuses('two container ports with one name', changed(deployment(), (o) => c0(o).ports.push({ name: 'http', containerPort: 9090 }))),
  refuses('container port 70000', changed(deployment(), (o) => (c0(o).ports[0].containerPort = 70000))),
  refuses('a probe with two handlers', changed(deployment(), (o) => (c0(o).readinessProbe.exec = { command: ['true'] }))),
  refuses('a liveness probe with a success threshold of 2', changed(deployment(), (o) => (c0(o).livenessProbe.successThreshold = 2))),
  refuses('a probe port name with a capital', changed(deployment(), (o) => (c0(o).readinessProbe.httpGet.port = 'HTTP'))),
  refuses('a CPU request above its limit', changed(deployment(), (o) => (c0(o).resources.requests.cpu = '1001m'))),
  refuses('a memory request one byte above its limit', changed(deployment(), (o) => (c0(o).resources.requests.memory = '1073741825'))),
  refuses('a container without an image', changed(deployment(), (o) => delete c0(o).image)),
  refuses('a serviceAccountName with a capital', changed(deployment(), (o) => (o.spec.template.spec.serviceAccountName = 'Web'))),
  refuses('a pod without containers', changed(pod(), (o) => (o.spec.containers = []))),
  refuses('a selector that does not match the template', changed(deployment(), (o) => (o.spec.selector.matchLabels = { app: 'api' }))),
  refuses('an empty selector', changed(deployment(), (o) => (o.spec.selector = {}))),
  refuses('maxUnavailable and maxSurge both 0', changed(deployment(), (o) => (o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } }))),
  refuses('maxUnavailable above 100%', changed(deployment(), (o) => (o.spec.strategy = { rollingUpdate: { maxUnavailable: '101%' } }))),
  refuses('Recreate with rollingUpdate', changed(deployment(), (o) => (o.spec.strategy = { type: 'Recreate', rollingUpdate: {} }))),
  refuses('restartPolicy Never in a Deployment', changed(deployment(), (o) => (o.spec.template.spec.restartPolicy = 'Never'))),
  refuses('a StorageClass name with "_"', changed(claim(), (o) => (o.spec.storageClassName = 'Fast_SSD'))),
  refuses('a claim of 0 bytes', changed(claim(), (o) => (o.spec.resources.requests.storage = '0'))),
  refuses('a claim without access modes', changed(claim(), (o) => (o.spec.accessModes = []))),
  refuses('an Ingress host that is an IP address', changed(ingress(), (o) => (o.spec.rules[0].host = '10.0.0.1'))),
  refuses('an Ingress host that is an IP address with leading zeros', changed(ingress(), (o) => (o.spec.rules[0].host = '010.0.0.1'))),
  refuses('a host with "_"', changed(ingress(), (o) => (o.spec.rules[0].host = 'todo_app.example.com'))),
  refuses('a wildcard that is not the first label', changed(ingress(), (o) => (o.spec.rules[0].host = 'a.*.example.com'))),
  refuses('a path without pathType', changed(ingress(), (o) => delete o.spec.rules[0].http.paths[0].pathType)),
  refuses('a Prefix path with "//"', changed(ingress(), (o) => (o.spec.rules[0].http.paths[0].path = '/api//v1'))),
  refuses('an Exact path that is relative', changed(ingress(), (o) => Object.assign(o.spec.rules[0].http.paths[0], { path: 'api', pathType: 'Exact' }))),
  refuses('a backend Service name with a leading digit', changed(ingress(), (o) => (o.spec.rules[0].http.paths[0].backend.service.name = '1web'))),
  refuses('a backend port with a name and a number', changed(ingress(), (o) => (o.spec.rules[0].http.paths[0].backend.service.port.number = 80))),
  refuses('a TLS host with a capital', changed(ingress(), (o) => (o.spec.tls[0].hosts = ['Todo.example.com']))),
  refuses('a TLS secretName with "_"', changed(ingress(), (o) => (o.spec.tls[0].secretName = 'todo_tls'))),
  refuses('an ingressClassName with a capital', changed(ingress(), (o) => (o.spec.ingressClassName = 'Nginx'))),
  refuses('an ingress.class annotation that disagrees', changed(ingress(), (o) => (o.metadata.annotations = { 'kubernetes.io/ingress.class': 'traefik' }))),
  refuses('an Ingress with neither rules nor a default backend', changed(ingress(), (o) => { o.spec.rules = []; delete o.spec.tls; })),
  refuses('a namespace selector value that is not a label value', changed(networkPolicy(), (o) => (o.spec.ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] = 'bad value'))),
  refuses('a selector expression In without values', changed(networkPolicy(), (o) => (o.spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }))),
  refuses('an endPort below the port', changed(networkPolicy(), (o) => (o.spec.egress[0].ports[0].endPort = 5431))),
  refuses('an ipBlock next to a selector', changed(networkPolicy(), (o) => (o.spec.egress[0].to[0].podSelector = {}))),
  refuses('an ipBlock that is not a CIDR', changed(networkPolicy(), (o) => (o.spec.egress[0].to[0].ipBlock.cidr = '10.0.0.0/33'))),
  refuses('an except range outside its CIDR', changed(networkPolicy(), (o) => (o.spec.egress[0].to[0].ipBlock.except = ['192.168.0.0/16']))),
  refuses('minAvailable and maxUnavailable together', pdb({ minAvailable: 1, maxUnavailable: 1 })),
  refuses('minAvailable 150%', pdb({ minAvailable: '150%' })),
  refuses('minAvailable that is neither integer nor percentage', pdb({ minAvailable: 'half' })),
  refuses('an HPA whose minimum is above its maximum', hpa(3, 2)),
  refuses('an HPA scaling to zero', hpa(0, 2)),
  refuses('an HPA utilization target of 0', changed(hpa(), (o) => (o.spec.metrics[0].resource.target.averageUtilization = 0))),
];

const inNamespace = (o: any) => (o.kind === 'Namespace' ? o : changed(o, (x) => (x.metadata.namespace = NS)));

/** Creating one object, with a server-side dry run unless `real`. */
function create(o: any, real = false) {
  return kubectl(['create', ...(real ? [] : ['--dry-run=server']), '-f', '-', '-o', 'name'], JSON.stringify(o));
}

beforeAll(() => {
  kubectlOk(['create', 'namespace', NS]);
  // The ServiceAccount admission plugin wants a pod's ServiceAccount to exist.
  kubectlOk(['create', 'serviceaccount', 'web', '-n', NS]);
});

afterAll(() => {
  kubectl(['delete', 'namespace', NS, '--wait=false']);
});

test('the cases are distinct', () => {
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

describe.each(CASES)('$name', (c) => {
  const subject = inNamespace(c.subject);
  const context = (c.context ?? []).map(inNamespace);

  test(c.beyond ? `the API server ${c.server === 'accepts' ? 'accepts it' : 'refuses it'}; the oracle reports it: ${c.beyond}` : `the API server and the oracle both ${c.server === 'accepts' ? 'accept' : 'refuse'} it`, () => {
    const created = [...(c.create ? context : []), ...(c.real ? [subject] : [])];
    for (const o of c.create ? context : []) kubectlOk(['create', '-f', '-'], JSON.stringify(o));
    try {
      const r = create(subject, c.real);
      const problems = validityProblems([...context, subject]);
      // The server's message shows in the diff when its verdict is not the expected one.
      expect({ server: r.code === 0 ? 'accepts' : 'refuses', stderr: r.code === 0 ? '' : r.stderr.trim() }).toEqual({ server: c.server, stderr: expect.anything() });
      if (c.server === 'refuses' || c.beyond) {
        expect(problems.filter((line) => line.startsWith(`${subject.kind}/${subject.metadata.name}:`))).not.toEqual([]);
      } else expect(problems).toEqual([]);
      if (c.warning) expect(r.stderr).toMatch(c.warning);
    } finally {
      for (const o of created) kubectl(['delete', '-f', '-', '--wait=true', '--ignore-not-found'], JSON.stringify(o));
    }
  });
});
