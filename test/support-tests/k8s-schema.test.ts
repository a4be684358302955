import { K8S_VERSIONS, validateObject, validateObjects } from '../support/k8s-schema';

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', labels: { app: 'api' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [
            {
              name: 'api',
              image: 'example/api:1.0.0',
              ports: [{ name: 'http', containerPort: 8000 }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1, memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/health', port: 'http' } },
              livenessProbe: { httpGet: { path: '/health', port: 8000 } },
              securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}

function service(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api' },
    spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

const containerPath = '/spec/template/spec/containers/0';

describe.each(K8S_VERSIONS)('validateObject against Kubernetes %s', (version) => {
  test('accepts valid objects', () => {
    expect(validateObject(deployment(), version)).toEqual([]);
    expect(validateObject(service(), version)).toEqual([]);
    expect(
      validateObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'dmFsdWU=' } }, version),
    ).toEqual([]);
  });

  test('IntOrString and Quantity accept both strings and integers', () => {
    const svc = service();
    svc.spec.ports.push({ name: 'metrics', port: 9090, targetPort: 9090 });
    expect(validateObject(svc, version)).toEqual([]);
    const d = deployment();
    d.spec.template.spec.containers[0].resources = { requests: { cpu: 0.5, memory: 134217728 }, limits: { cpu: '2' } };
    expect(validateObject(d, version)).toEqual([]);
  });

  test('reports a misspelt field with kind, name and JSON path', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].securityContex = {};
    expect(validateObject(d, version)).toEqual([`Deployment/api: ${containerPath}/securityContex: unknown field`]);
  });

  test('reports unknown fields at every level, including nested inline objects', () => {
    const d = deployment();
    d.spec.replica = 3;
    d.metadata.label = {};
    d.spec.template.spec.containers[0].readinessProbe.httpGet.paht = '/x';
    expect(validateObject(d, version).sort()).toEqual(
      [
        'Deployment/api: /metadata/label: unknown field',
        'Deployment/api: /spec/replica: unknown field',
        `Deployment/api: ${containerPath}/readinessProbe/httpGet/paht: unknown field`,
      ].sort(),
    );
  });

  test('reports wrong types', () => {
    const d = deployment();
    d.spec.replicas = '2';
    expect(validateObject(d, version)).toEqual(['Deployment/api: /spec/replicas: must be integer (got "2")']);
  });

  test('reports one message for a bad IntOrString or Quantity', () => {
    const svc = service();
    svc.spec.ports[0].targetPort = true;
    expect(validateObject(svc, version)).toEqual([
      'Service/api: /spec/ports/0/targetPort: must be string or integer (got true)',
    ]);
    const d = deployment();
    d.spec.template.spec.containers[0].resources.limits.memory = { size: 1 };
    expect(validateObject(d, version)).toEqual([
      `Deployment/api: ${containerPath}/resources/limits/memory: must be string or number (got {"size":1})`,
    ]);
    svc.spec.ports[0].targetPort = 80.5;
    expect(validateObject(svc, version)).toEqual([
      'Service/api: /spec/ports/0/targetPort: must be string or integer (got 80.5)',
    ]);
  });

  test('reports missing required fields', () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].name;
    delete d.spec.selector;
    expect(validateObject(d, version).sort()).toEqual(
      [
        'Deployment/api: /spec: missing required field "selector"',
        `Deployment/api: ${containerPath}: missing required field "name"`,
      ].sort(),
    );
  });

  test('checks formats: int32 range and base64 bytes', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].ports[0].containerPort = 2 ** 31;
    expect(validateObject(d, version)).toEqual([
      `Deployment/api: ${containerPath}/ports/0/containerPort: must match format "int32" (got 2147483648)`,
    ]);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'not base64!' } };
    expect(validateObject(secret, version)).toEqual(['Secret/s: /data/k: must match format "byte" (got "not base64!")']);
  });

  test('treats null as a value of the wrong type, not as an absent field', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources = null;
    expect(validateObject(d, version)).toEqual([`Deployment/api: ${containerPath}/resources: must be object (got null)`]);
  });

  test('rejects unknown apiVersion/kind', () => {
    expect(validateObject({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }, version)).toEqual([
      `Deploymnet/x: unknown apiVersion/kind "apps/v1" Deploymnet in Kubernetes ${version}`,
    ]);
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, version)).toEqual([
      `Widget/w: unknown apiVersion/kind "example.com/v1" Widget in Kubernetes ${version}`,
    ]);
    expect(validateObject({ kind: 'Service', metadata: { name: 'x' } }, version)).toEqual([
      'Service/x: apiVersion and kind must both be strings',
    ]);
  });

  test('rejects an API version the release no longer serves', () => {
    const pdb = {
      apiVersion: 'policy/v1beta1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'api' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'api' } } },
    };
    expect(validateObject(pdb, version)).toEqual([
      `PodDisruptionBudget/api: unknown apiVersion/kind "policy/v1beta1" PodDisruptionBudget in Kubernetes ${version}`,
    ]);
    expect(validateObject({ ...pdb, apiVersion: 'policy/v1' }, version)).toEqual([]);
  });

  test('validateObjects concatenates the errors of every object', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolicy = 1;
    const svc = service();
    svc.spec.portz = [];
    expect(validateObjects([d, service(), svc], version)).toEqual([
      `Deployment/api: ${containerPath}/imagePullPolicy: must be string (got 1)`,
      'Service/api: /spec/portz: unknown field',
    ]);
  });
});

describe('version-specific definitions', () => {
  test('a field added after 1.28 is unknown to 1.28 and valid in 1.34', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].securityContext.appArmorProfile = { type: 'RuntimeDefault' };
    // Alternate the order so neither version's compiled state can leak into the other.
    expect(validateObject(d, '1.34.0')).toEqual([]);
    expect(validateObject(d, '1.28.0')).toEqual([
      `Deployment/api: ${containerPath}/securityContext/appArmorProfile: unknown field`,
    ]);
    expect(validateObject(d, '1.34.0')).toEqual([]);
  });

  test('the flowcontrol v1beta3 API is served by 1.28 but not by 1.34', () => {
    const fs = {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
      kind: 'FlowSchema',
      metadata: { name: 'f' },
      spec: { priorityLevelConfiguration: { name: 'global-default' } },
    };
    expect(validateObject(fs, '1.28.0')).toEqual([]);
    expect(validateObject(fs, '1.34.0')).toEqual([
      'FlowSchema/f: unknown apiVersion/kind "flowcontrol.apiserver.k8s.io/v1beta3" FlowSchema in Kubernetes 1.34.0',
    ]);
  });
});
