// The Kubernetes validity oracle: the project's outputs pass it, valid objects
// at the edges of each rule pass it, and each check fails for a minimal bad
// object (a valid one with one thing changed, so the oracle must report
// exactly that one problem).
import { compareQuantities, duplicateYamlKeys, isQualifiedName, parseQuantity, validityProblems } from '../support/k8s-validity';
import { objectsOf, PROFILE_NAMES, renderCase } from '../support/render';
import { validObjects } from '../support/validity-fixtures';

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'ns', ...extra });

const { labels, container, podSpec, deployment, statefulSet, service, secret, configMap, claim, ingress, networkPolicy, pdb, hpa } = validObjects(meta);
const namespace = (name = 'ns') => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const pod = () => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta('web-test'), spec: { ...podSpec(), restartPolicy: 'Never' } });

/** A valid object with one change. */
function changed<T>(o: T, change: (o: any) => void): T {
  const copy = structuredClone(o);
  change(copy);
  return copy;
}
const c0 = (o: any) => o.spec.template.spec.containers[0];

describe('the Kubernetes validity oracle', () => {
  test.each(PROFILE_NAMES)('passes the %s profile', (profile) => {
    expect(validityProblems(objectsOf({ profile }))).toEqual([]);
  });

  test('passes the default output and other database modes, whose YAML has no repeated key', () => {
    expect(validityProblems(objectsOf({}))).toEqual([]);
    expect(duplicateYamlKeys(renderCase({}).manifests)).toEqual([]);
    for (const mode of ['postgres', 'external']) {
      expect(validityProblems(objectsOf({ profile: 'production', values: { database: { mode }, secrets: { databaseUrl: 'postgresql://db.example.com/todo' } } as never }))).toEqual([]);
    }
  });

  const GOOD: Array<[string, any[]]> = [
    ['one of each kind', [namespace(), deployment(), statefulSet(), service(), secret(), configMap(), claim(), ingress(), networkPolicy(), pdb(), hpa(), pod()]],
    ['a 253-character DNS subdomain name', [changed(configMap(), (o) => (o.metadata.name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`))]],
    ['a 63-character label value and an empty one', [changed(secret(), (o) => (o.metadata.labels = { a: 'v'.repeat(63), 'example.com/b': '' }))]],
    ['annotations of exactly 256 KiB', [changed(secret(), (o) => (o.metadata.annotations = { a: 'x'.repeat(256 * 1024 - 1) }))]],
    ['an annotation key with an upper case prefix (checked in lower case)', [changed(ingress(), (o) => (o.metadata.annotations = { 'Example.COM/Key': 'x' }))]],
    ['a PodDisruptionBudget name with capitals and "_" (it has no name rule)', [changed(pdb(), (o) => (o.metadata.name = 'Web_PDB'))]],
    ['env names 1.28 takes ("my.env-name", "_X")', [changed(deployment(), (o) => c0(o).env.push({ name: 'my.env-name', value: '' }, { name: '_X', value: '' }))]],
    ['a request equal to its limit in other units', [changed(deployment(), (o) => (c0(o).resources = { requests: { memory: '1Gi', cpu: '0.5' }, limits: { memory: '1073741824', cpu: '500m' } }))]],
    ['requests finer than 1n that round up to the same limit', [changed(deployment(), (o) => (c0(o).resources = { requests: { cpu: '0.0000000002' }, limits: { cpu: '0.0000000001' } }))]],
    ['a 52-character StatefulSet name', [changed(statefulSet(), (o) => (o.metadata.name = 'd'.repeat(52)))]],
    ['a wildcard host', [changed(ingress(), (o) => (o.spec.rules[0].host = '*.example.com'))]],
    ['an ImplementationSpecific path that is empty', [changed(ingress(), (o) => (o.spec.rules[0].http.paths[0] = { pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { number: 80 } } } }))]],
    ['one port number on TCP and UDP, and a defaulted target port', [changed(service(), (o) => (o.spec.ports = [{ name: 'dns', port: 53, targetPort: 0 }, { name: 'dns-udp', port: 53, protocol: 'UDP' }]))]],
    ['node ports at both ends of the range', [service('a', 30000), service('b', 32767)]],
    ['an IPv6 ipBlock', [changed(networkPolicy(), (o) => (o.spec.egress[0].to = [{ ipBlock: { cidr: '2001:db8::/32' } }]))]],
    ['a PodDisruptionBudget below the replica count', [deployment(), pdb({ minAvailable: '50%' })]],
    ['a PodDisruptionBudget below its HPA floor', [changed(deployment(), (o) => delete o.spec.replicas), hpa(3, 5), pdb({ minAvailable: 2 })]],
  ];

  test.each(GOOD)('passes %s', (_name, objects) => {
    expect(validityProblems(objects)).toEqual([]);
  });

  /** Each case: a name, the objects, and the one problem (or the problems, in order) the oracle must report. */
  const BAD: Array<[string, any[], RegExp | RegExp[]]> = [
    // metadata
    ['a missing name', [changed(secret(), (o) => delete o.metadata.name)], /Secret\/<unnamed>: metadata\.name: is required/],
    ['a Deployment name with a capital', [changed(deployment(), (o) => (o.metadata.name = 'Web'))], /Deployment\/Web: metadata\.name: "Web" must be a DNS subdomain/],
    ['a name over 253 characters', [changed(configMap(), (o) => (o.metadata.name = 'a'.repeat(254)))], /metadata\.name: .* must be a DNS subdomain/],
    ['a Service name with a leading digit', [changed(service(), (o) => (o.metadata.name = '1web'))], /Service\/1web: metadata\.name: "1web" must be a DNS-1035 label/],
    ['a Namespace name with a dot', [namespace('a.b')], /Namespace\/a\.b: metadata\.name: "a\.b" must be a DNS label/],
    ['a StatefulSet name with a dot', [changed(statefulSet(), (o) => (o.metadata.name = 'db.x'))], /StatefulSet\/db\.x: metadata\.name: "db\.x" must be a DNS label/],
    ['a PodDisruptionBudget name with "/"', [changed(pdb(), (o) => (o.metadata.name = 'a/b'))], /metadata\.name: "a\/b" must not be "\." or "\.\.", nor contain "\/"/],
    ['a namespace with a capital', [changed(secret(), (o) => (o.metadata.namespace = 'NS'))], /metadata\.namespace: "NS" must be a DNS label/],
    ['a label key with a space', [changed(secret(), (o) => (o.metadata.labels = { 'bad key': 'x' }))], /metadata\.labels key: "bad key" must be a qualified name/],
    ['a label key with an upper case prefix', [changed(secret(), (o) => (o.metadata.labels = { 'Example.com/a': 'x' }))], /the part before "\/" must be a DNS subdomain/],
    ['a label key with two "/"', [changed(secret(), (o) => (o.metadata.labels = { 'a/b/c': 'x' }))], /at most one "\/"/],
    ['a label value over 63 characters', [changed(secret(), (o) => (o.metadata.labels = { a: 'v'.repeat(64) }))], /metadata\.labels\["a"\]: .* must be a label value/],
    ['a label value starting with "-"', [changed(secret(), (o) => (o.metadata.labels = { a: '-v' }))], /metadata\.labels\["a"\]: "-v" must be a label value/],
    ['an annotation key with a space', [changed(ingress(), (o) => (o.metadata.annotations = { 'bad key': 'x' }))], /metadata\.annotations key: "bad key" must be a qualified name/],
    ['an annotation key whose name part is 64 characters', [changed(ingress(), (o) => (o.metadata.annotations = { [`example.com/${'n'.repeat(64)}`]: 'x' }))], /annotations key: .* must be a qualified name: at most 63/],
    ['an annotation key whose prefix is 254 characters', [changed(ingress(), (o) => (o.metadata.annotations = { [`${'p'.repeat(250)}.com/x`]: 'x' }))], /the part before "\/" must be a DNS subdomain/],
    ['annotations one byte over 256 KiB', [changed(secret(), (o) => (o.metadata.annotations = { a: 'x'.repeat(200 * 1024), b: 'y'.repeat(56 * 1024 - 1) }))], /metadata\.annotations: keys and values are 262145 bytes, over the 262144/],
    ['pod template labels that are not label values', [changed(deployment(), (o) => (o.spec.template.metadata.labels = { ...labels, v: 'a b' }))], /spec\.template\.metadata\.labels\["v"\]: "a b" must be a label value/],
    ['one object rendered twice', [secret(), secret()], /Secret\/web: is rendered 2 times in namespace ns/],
    // StatefulSet
    ['a StatefulSet name with no room for the revision label', [changed(statefulSet(), (o) => (o.metadata.name = 'd'.repeat(53)))], /controller-revision-hash label .* at most 52 characters/],
    ['a StatefulSet name with no room for its pod names', [changed(statefulSet(), (o) => (o.metadata.name = 'd'.repeat(62)))], /pod "d{62}-0" is over 63 characters/],
    ['a pod volume with the name of a claim template', [changed(statefulSet(), (o) => o.spec.template.spec.volumes.push({ name: 'data', emptyDir: {} }))], /volumes\[1\]\.name: "data" is replaced by the volumeClaimTemplate/],
    ['a claim template without a storage request', [changed(statefulSet(), (o) => (o.spec.volumeClaimTemplates[0].spec.resources = {}))], /volumeClaimTemplates\[0\]\.spec\.resources\.requests\.storage: is required/],
    // As in Go, a volume with errors is no volume for mounts.
    ['a claim template name that is not a volume name', [changed(statefulSet(), (o) => { o.spec.volumeClaimTemplates[0].metadata.name = 'Data'; c0(o).volumeMounts[1].name = 'Data'; })], [/volumeClaimTemplates\[0\]\.metadata\.name: "Data" must be a DNS label/, /volumeMounts\[1\]\.name: "Data" is not a \(valid\) volume/]],
    ['a serviceName with a dot', [changed(statefulSet(), (o) => (o.spec.serviceName = 'db.x'))], /spec\.serviceName: "db\.x" must be a DNS label/],
    ['a rolling update with maxUnavailable (an alpha field)', [changed(statefulSet(), (o) => (o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }))], /rollingUpdate\.maxUnavailable: 1 is dropped/],
    // Secret and ConfigMap
    ['a Secret key starting with ".."', [changed(secret(), (o) => (o.data = { '..x': '' }))], /Secret\/web: data key: "\.\.x" must be a key/],
    ['a Secret key "."', [changed(secret(), (o) => (o.data = { '.': '' }))], /data key: "\." must be a key/],
    ['a Secret key with "/"', [changed(secret(), (o) => (o.data = { 'a/b': '' }))], /data key: "a\/b" must be a key/],
    ['a stringData key of 254 characters', [changed(secret(), (o) => (o.stringData = { ['k'.repeat(254)]: '' }))], /stringData key: .* must be a key/],
    ['a Secret over 1 MiB', [changed(secret(), (o) => (o.stringData = { a: 'x'.repeat(1024 * 1024) }))], /data: is 1048577 bytes, over the 1048576/],
    ['a ConfigMap key in data and binaryData', [changed(configMap(), (o) => (o.binaryData = { 'app.yaml': 'AA==' }))], /data\["app\.yaml"\]: is also a key of binaryData/],
    // Service
    ['two Service ports with one name', [changed(service(), (o) => o.spec.ports.push({ name: 'http', port: 81 }))], /ports\[1\]\.name: "http" is a duplicate port name/],
    ['two Service ports with one port and protocol', [changed(service(), (o) => o.spec.ports.push({ name: 'other', port: 80, protocol: 'TCP' }))], /ports\[1\]: port 80\/TCP is a duplicate/],
    ['a second Service port without a name', [changed(service(), (o) => o.spec.ports.push({ port: 81 }))], /ports\[1\]\.name: is required when a Service has more than one port/],
    ['a Service port name with a capital', [changed(service(), (o) => (o.spec.ports[0].name = 'Http'))], /ports\[0\]\.name: "Http" must be a DNS label/],
    ['a target port name over 15 characters', [changed(service(), (o) => (o.spec.ports[0].targetPort = 'a-very-long-port-name'))], /targetPort: "a-very-long-port-name" must be a port name/],
    ['a nodePort on a ClusterIP Service', [changed(service(), (o) => (o.spec.ports[0].nodePort = 30080))], /ports\[0\]\.nodePort: must not be set when type is ClusterIP/],
    ['a nodePort below the range', [service('web', 29999)], /nodePort: 29999 is outside the node port range 30000-32767/],
    ['two Services on one nodePort', [service('a', 30080), service('b', 30080)], /Service\/b: spec\.ports: nodePort 30080 is already used by Service\/a/],
    // containers
    ['an env name with a leading digit', [changed(deployment(), (o) => (c0(o).env[0].name = '1PORT'))], /env\[0\]\.name: "1PORT" must match .*before 1\.32 refuses it/],
    ['an env name with "="', [changed(deployment(), (o) => (c0(o).env[0].name = 'A=B'))], /env\[0\]\.name: "A=B" is refused by every Kubernetes version/],
    ['an env name set twice', [changed(deployment(), (o) => c0(o).env.push({ name: 'PORT', value: '1' }))], /containers\[0\]\.env: "PORT" is set more than once/],
    ['valueFrom next to a value', [changed(deployment(), (o) => (c0(o).env[1].value = 'x'))], /env\[1\]\.valueFrom: must not be set together with value/],
    ['a secretKeyRef key with a space', [changed(deployment(), (o) => (c0(o).env[1].valueFrom.secretKeyRef.key = 'a b'))], /secretKeyRef\.key: "a b" must be a key/],
    ['an envFrom with two sources', [changed(deployment(), (o) => (c0(o).envFrom = [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }]))], /envFrom\[0\]: must name exactly one/],
    ['a mount of an unknown volume', [changed(deployment(), (o) => (c0(o).volumeMounts[0].name = 'cache'))], /volumeMounts\[0\]\.name: "cache" is not a \(valid\) volume/],
    ['one mount path twice', [changed(deployment(), (o) => { o.spec.template.spec.volumes.push({ name: 'b', emptyDir: {} }); c0(o).volumeMounts.push({ name: 'b', mountPath: '/tmp' }); })], /volumeMounts\[1\]\.mountPath: "\/tmp" must be unique/],
    ['a mount inside another', [changed(deployment(), (o) => { o.spec.template.spec.volumes.push({ name: 'b', emptyDir: {} }); c0(o).volumeMounts.push({ name: 'b', mountPath: '/tmp/db' }); })], /"\/tmp" and "\/tmp\/db" are one inside the other/],
    ['a mount on "/"', [changed(deployment(), (o) => (c0(o).volumeMounts[0].mountPath = '/'))], /mounts a volume on "\/"/],
    ['a subPath with ".."', [changed(deployment(), (o) => (c0(o).volumeMounts[0].subPath = 'a/../b'))], /subPath: "a\/\.\.\/b" must not contain "\.\."/],
    ['two volumes with one name', [changed(deployment(), (o) => o.spec.template.spec.volumes.push({ name: 'tmp', emptyDir: {} }))], /volumes\[1\]\.name: "tmp" is a duplicate volume name/],
    ['a volume name with a capital', [changed(deployment(), (o) => (o.spec.template.spec.volumes = [{ name: 'Tmp', emptyDir: {} }, { name: 'tmp', emptyDir: {} }]))], /volumes\[0\]\.name: "Tmp" must be a DNS label/],
    ['two containers with one name', [changed(deployment(), (o) => o.spec.template.spec.containers.push(container()))], /containers\[1\]\.name: "web" is a duplicate container name/],
    ['two container ports with one name', [changed(deployment(), (o) => c0(o).ports.push({ name: 'http', containerPort: 9090 }))], /ports\[1\]\.name: "http" is a duplicate port name in this container/],
    ['container port 70000', [changed(deployment(), (o) => (c0(o).ports[0].containerPort = 70000))], /containerPort: 70000 must be a port number/],
    ['a probe with two handlers', [changed(deployment(), (o) => (c0(o).readinessProbe.exec = { command: ['true'] }))], /readinessProbe: must have exactly one handler/],
    ['a liveness probe with a success threshold of 2', [changed(deployment(), (o) => (c0(o).livenessProbe.successThreshold = 2))], /livenessProbe\.successThreshold: 2 must be 1/],
    ['a probe on a port name that is not a port name', [changed(deployment(), (o) => (c0(o).readinessProbe.httpGet.port = 'HTTP'))], /httpGet\.port: "HTTP" must be a port name/],
    ['a CPU request above its limit', [changed(deployment(), (o) => (c0(o).resources.requests.cpu = '1001m'))], /resources\.requests\["cpu"\]: "1001m" must be at most the limit "1"/],
    ['a memory request above its limit by one byte', [changed(deployment(), (o) => (c0(o).resources.requests.memory = '1073741825'))], /requests\["memory"\]: "1073741825" must be at most the limit "1024Mi"/],
    ['a container without an image', [changed(deployment(), (o) => delete c0(o).image)], /containers\[0\]\.image: is required/],
    ['a serviceAccountName with a capital', [changed(deployment(), (o) => (o.spec.template.spec.serviceAccountName = 'Web'))], /serviceAccountName: "Web" must be a DNS subdomain/],
    ['a pod without containers', [changed(pod(), (o) => (o.spec.containers = []))], /Pod\/web-test: spec\.containers: must have at least one container/],
    // Deployment
    ['a selector that does not match the template', [changed(deployment(), (o) => (o.spec.selector.matchLabels = { app: 'api' }))], /spec\.template\.metadata\.labels: do not match spec\.selector/],
    ['an empty selector', [changed(deployment(), (o) => (o.spec.selector = {}))], /spec\.selector: must not be empty for a Deployment/],
    ['a rolling update that can never progress', [changed(deployment(), (o) => (o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } }))], /maxUnavailable and maxSurge must not both be 0/],
    ['maxUnavailable above 100%', [changed(deployment(), (o) => (o.spec.strategy = { rollingUpdate: { maxUnavailable: '101%' } }))], /maxUnavailable: "101%" must not be more than 100%/],
    ['Recreate with rollingUpdate', [changed(deployment(), (o) => (o.spec.strategy = { type: 'Recreate', rollingUpdate: {} }))], /rollingUpdate: must not be set when type is Recreate/],
    ['restartPolicy Never in a Deployment', [changed(deployment(), (o) => (o.spec.template.spec.restartPolicy = 'Never'))], /restartPolicy: "Never" must be Always in a Deployment/],
    // PersistentVolumeClaim
    ['a StorageClass that is not a DNS name', [changed(claim(), (o) => (o.spec.storageClassName = 'Fast_SSD'))], /storageClassName: "Fast_SSD" must be a DNS subdomain/],
    ['a claim of 0 bytes', [changed(claim(), (o) => (o.spec.resources.requests.storage = '0'))], /storage: "0" must be greater than 0/],
    ['a claim without access modes', [changed(claim(), (o) => (o.spec.accessModes = []))], /accessModes: must have at least one/],
    // Ingress
    ['an Ingress host that is an IP address', [changed(ingress(), (o) => (o.spec.rules[0].host = '10.0.0.1'))], /host: "10\.0\.0\.1" must be a DNS name, not an IP address/],
    ['an IP host with leading zeros (Kubernetes parses IPs loosely)', [changed(ingress(), (o) => (o.spec.rules[0].host = '010.000.0.1'))], /not an IP address/],
    ['a host with "_"', [changed(ingress(), (o) => (o.spec.rules[0].host = 'todo_app.example.com'))], /host: "todo_app\.example\.com" must be a DNS subdomain/],
    ['a wildcard that is not the first label', [changed(ingress(), (o) => (o.spec.rules[0].host = 'a.*.example.com'))], /host: "a\.\*\.example\.com" must be "\*\." and a DNS subdomain/],
    ['a path without pathType', [changed(ingress(), (o) => delete o.spec.rules[0].http.paths[0].pathType)], /paths\[0\]\.pathType: is required/],
    ['pathType Regex', [changed(ingress(), (o) => (o.spec.rules[0].http.paths[0].pathType = 'Regex'))], /pathType: "Regex" must be one of Exact, Prefix, ImplementationSpecific/],
    ['a Prefix path with "//"', [changed(ingress(), (o) => (o.spec.rules[0].http.paths[0].path = '/api//v1'))], /path: "\/api\/\/v1" must not contain "\/\/"/],
    ['an Exact path that is relative', [changed(ingress(), (o) => Object.assign(o.spec.rules[0].http.paths[0], { path: 'api', pathType: 'Exact' }))], /path: "api" must be an absolute path/],
    ['a backend Service name with a leading digit', [changed(ingress(), (o) => (o.spec.rules[0].http.paths[0].backend.service.name = '1web'))], /backend\.service\.name: "1web" must be a DNS-1035 label/],
    ['a backend port with a name and a number', [changed(ingress(), (o) => (o.spec.rules[0].http.paths[0].backend.service.port.number = 80))], /backend\.service\.port: must not have both a name and a number/],
    ['a TLS host with a capital', [changed(ingress(), (o) => (o.spec.tls[0].hosts = ['Todo.example.com']))], /tls\[0\]\.hosts\[0\]: "Todo\.example\.com" must be a DNS subdomain/],
    ['a TLS secretName with "_"', [changed(ingress(), (o) => (o.spec.tls[0].secretName = 'todo_tls'))], /tls\[0\]\.secretName: "todo_tls" must be a DNS subdomain/],
    ['an ingressClassName with a capital', [changed(ingress(), (o) => (o.spec.ingressClassName = 'Nginx'))], /ingressClassName: "Nginx" must be a DNS subdomain/],
    ['an ingress.class annotation that disagrees', [changed(ingress(), (o) => (o.metadata.annotations = { 'kubernetes.io/ingress.class': 'traefik' }))], /must equal spec\.ingressClassName/],
    ['an Ingress with neither rules nor a default backend', [changed(ingress(), (o) => { o.spec.rules = []; delete o.spec.tls; })], /spec: needs rules or a defaultBackend/],
    // NetworkPolicy
    ['a namespace selector value that is not a label value', [changed(networkPolicy(), (o) => (o.spec.ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] = 'bad value'))], /namespaceSelector\.matchLabels\["kubernetes\.io\/metadata\.name"\]: "bad value" must be a label value/],
    ['a selector expression In without values', [changed(networkPolicy(), (o) => (o.spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }))], /matchExpressions\[0\]\.values: must not be empty for In/],
    ['an endPort below the port', [changed(networkPolicy(), (o) => (o.spec.egress[0].ports[0].endPort = 5431))], /endPort: 5431 must be a port number from port to 65535/],
    ['an ipBlock next to a selector', [changed(networkPolicy(), (o) => (o.spec.egress[0].to[0].podSelector = {}))], /to\[0\]: must not combine ipBlock with a selector/],
    ['an ipBlock that is not a CIDR', [changed(networkPolicy(), (o) => (o.spec.egress[0].to[0].ipBlock.cidr = '10.0.0.0/33'))], /ipBlock\.cidr: "10\.0\.0\.0\/33" must be a CIDR/],
    ['an except range outside its CIDR', [changed(networkPolicy(), (o) => (o.spec.egress[0].to[0].ipBlock.except = ['192.168.0.0/16']))], /except\[0\]: "192\.168\.0\.0\/16" must be a strict subset/],
    ['a policy type that does not exist', [changed(networkPolicy(), (o) => (o.spec.policyTypes = ['Ingress', 'Both']))], /policyTypes: "Both" must be Ingress or Egress/],
    // PodDisruptionBudget
    ['minAvailable and maxUnavailable together', [pdb({ minAvailable: 1, maxUnavailable: 1 })], /spec: must not set both minAvailable and maxUnavailable/],
    ['minAvailable 150%', [pdb({ minAvailable: '150%' })], /minAvailable: "150%" must not be more than 100%/],
    ['minAvailable that is neither integer nor percentage', [pdb({ minAvailable: 'half' })], /minAvailable: "half" must be an integer or a percentage/],
    ['a PDB that keeps every replica', [deployment(), pdb({ minAvailable: 2 })], /spec\.minAvailable: 2 allows no disruption of the 2 pod\(s\) of Deployment\/web, so every node drain blocks/],
    ['a PDB of 100%', [deployment(), pdb({ minAvailable: '100%' })], /minAvailable: "100%" allows no disruption/],
    ['a PDB that keeps the HPA floor', [changed(deployment(), (o) => delete o.spec.replicas), hpa(2, 5), pdb({ minAvailable: 2 })], /at its HorizontalPodAutoscaler\/web's minReplicas/],
    ['a PDB with maxUnavailable 0', [deployment(), pdb({ maxUnavailable: 0 })], /maxUnavailable: 0 allows no disruption/],
    // HorizontalPodAutoscaler
    ['an HPA whose minimum is above its maximum', [hpa(3, 2)], /spec\.maxReplicas: 2 must be at least minReplicas \(3\)/],
    ['an HPA scaling to zero', [hpa(0, 2)], /spec\.minReplicas: 0 must be at least 1/],
    ['an HPA utilization target of 0', [changed(hpa(), (o) => (o.spec.metrics[0].resource.target.averageUtilization = 0))], /averageUtilization: 0 must be at least 1/],
  ];

  test.each(BAD)('finds %s', (_name, objects, problem) => {
    expect(validityProblems(objects)).toEqual([problem].flat().map((p) => expect.stringMatching(p)));
  });

  test('quantities compare exactly, whatever their size or unit', () => {
    const cmp = (a: string, b: string) => compareQuantities(parseQuantity(a)!, parseQuantity(b)!);
    expect(cmp('1e401', '1e400')).toBe(1);
    expect(cmp('9007199254740993', '9007199254740992')).toBe(1);
    expect(cmp('1e999999999', '1e999999998')).toBe(1);
    expect(cmp('1Ki', '1024')).toBe(0);
    expect(cmp('0.5', '500m')).toBe(0);
    expect(cmp('-1', '0')).toBe(-1);
    expect(cmp('1E3', '1k')).toBe(0);
    expect(cmp('0.1n', '1n')).toBe(0); // rounded up to 1n, as the server rounds
    for (const bad of ['', '.', '1 GB', '1KiB', 'e3', '1e']) expect(parseQuantity(bad)).toBeUndefined();
  });

  test('qualified names follow IsQualifiedName', () => {
    for (const ok of ['a', 'A.b_c-D', 'example.com/Key', `${'n'.repeat(63)}`]) expect(isQualifiedName(ok)).toBe(true);
    for (const bad of ['', '/a', 'a/', '-a', 'a-', 'a/b/c', 'Example.com/a', `${'n'.repeat(64)}`]) expect(isQualifiedName(bad)).toBe(false);
  });

  test('repeated keys in a manifest stream are found, with the object and the line', () => {
    const text = 'kind: Secret\nmetadata:\n  name: s\ndata:\n  a: eA==\n  a: eQ==\n---\nkind: ConfigMap\nmetadata: {name: c}\ndata: {1: x, "1": y}\n';
    expect(duplicateYamlKeys(text)).toEqual([
      'document 1 (Secret/s): key "a" at line 6 repeats the key at line 5',
      'document 2 (ConfigMap/c): key "1" at line 10 repeats the key at line 10',
    ]);
  });
});
