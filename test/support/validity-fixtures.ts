/**
 * Valid objects of every kind the validity oracle checks, one per builder, for
 * tests that change one thing and expect exactly one problem (or one refusal
 * from the API server).
 */

/** Builders of valid objects whose metadata comes from `meta` (with or without a namespace). */
export function validObjects(meta: (name: string, extra?: Record<string, unknown>) => Record<string, unknown>) {
  const labels = { app: 'web' };
  const container = () => ({
    name: 'web',
    image: 'web:1',
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [{ name: 'PORT', value: '8080' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'web', key: 'token' } } }],
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '1', memory: '1024Mi' } },
    readinessProbe: { httpGet: { path: '/', port: 'http' } },
    livenessProbe: { tcpSocket: { port: 8080 }, successThreshold: 1 },
  });
  const podSpec = () => ({ serviceAccountName: 'web', volumes: [{ name: 'tmp', emptyDir: {} }], containers: [container()] });

  const deployment = () => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'),
    spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() } },
  });
  const statefulSet = () => {
    const spec = podSpec();
    spec.containers[0].volumeMounts.push({ name: 'data', mountPath: '/data' });
    return {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db'),
      spec: {
        serviceName: 'db', replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
  };
  const service = (name = 'web', nodePort?: number) => ({
    apiVersion: 'v1', kind: 'Service', metadata: meta(name),
    spec: { type: nodePort ? 'NodePort' : 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http', ...(nodePort ? { nodePort } : {}) }] },
  });
  const secret = () => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta('web'), data: { token: 'eA==' }, stringData: { 'other.key': 'y' } });
  const configMap = () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web'), data: { 'app.yaml': 'x: 1' }, binaryData: { blob: 'AAE=' } });
  const claim = () => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '1Gi' } } } });
  const ingress = () => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('web'),
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['todo.example.com'], secretName: 'todo-tls' }],
      rules: [{ host: 'todo.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }],
    },
  });
  const networkPolicy = () => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('web'),
    spec: {
      podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 5432, endPort: 5433 }] }],
    },
  });
  const pdb = (spec: Record<string, unknown> = { minAvailable: 1 }) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('web'), spec: { selector: { matchLabels: labels }, ...spec } });
  const hpa = (minReplicas = 2, maxReplicas = 5) => ({
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('web'),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas, maxReplicas, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } }] },
  });
  return { labels, container, podSpec, deployment, statefulSet, service, secret, configMap, claim, ingress, networkPolicy, pdb, hpa };
}
