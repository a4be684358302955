import { referenceErrors } from '../support/references';

// A small but complete namespace: every reference below resolves.
function objects(): any[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api' },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api', tier: 'backend' } },
          spec: {
            serviceAccountName: 'api',
            imagePullSecrets: [{ name: 'regcred' }],
            containers: [
              {
                name: 'api',
                image: 'example/api:1',
                ports: [{ name: 'http', containerPort: 8000 }, { containerPort: 9090 }],
                env: [
                  { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'DATABASE_URL' } } },
                  { name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'OPENAI_API_KEY' } } },
                  { name: 'GROQ_API_KEY', valueFrom: { secretKeyRef: { name: 'groq', key: 'key', optional: true } } },
                  { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'LOG_LEVEL' } } },
                ],
                envFrom: [{ configMapRef: { name: 'api-config' } }, { secretRef: { name: 'api-secrets' } }],
                volumeMounts: [
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'config', mountPath: '/etc/api' },
                  { name: 'creds', mountPath: '/var/run/creds' },
                  { name: 'uploads', mountPath: '/data' },
                ],
              },
            ],
            volumes: [
              { name: 'tmp', emptyDir: {} },
              { name: 'config', configMap: { name: 'api-config', items: [{ key: 'app.yaml', path: 'app.yaml' }] } },
              {
                name: 'creds',
                projected: {
                  sources: [
                    { secret: { name: 'api-secrets', items: [{ key: 'DATABASE_URL', path: 'db' }] } },
                    { configMap: { name: 'api-config' } },
                  ],
                },
              },
              { name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'postgres' },
      spec: {
        serviceName: 'postgres-headless',
        selector: { matchLabels: { app: 'postgres' } },
        template: {
          metadata: { labels: { app: 'postgres' } },
          spec: {
            containers: [
              {
                name: 'postgres',
                image: 'postgres:16',
                ports: [{ name: 'postgres', containerPort: 5432 }],
                env: [{ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
                volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
              },
            ],
            volumes: [{ name: 'db-secret', secret: { secretName: 'db' } }],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }],
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api' }, imagePullSecrets: [{ name: 'regcred' }] },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api' },
      spec: {
        selector: { app: 'api' },
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'metrics', port: 9090 }, // targetPort defaults to port
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'postgres-headless' },
      spec: { clusterIP: 'None', selector: { app: 'postgres' }, ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'external-llm' },
      spec: { type: 'ExternalName', externalName: 'api.example.com' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'api-secrets' },
      data: { DATABASE_URL: 'cG9zdGdyZXM6Ly8=' },
      stringData: { OPENAI_API_KEY: 'sk-test' },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'pw' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-tls' }, type: 'kubernetes.io/tls', data: {} },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'api-config' },
      data: { LOG_LEVEL: 'info', 'app.yaml': 'a: 1' },
    },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'uploads' }, spec: {} },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: {
        tls: [{ hosts: ['todo.example.com'], secretName: 'api-tls' }],
        defaultBackend: { service: { name: 'api', port: { number: 80 } } },
        rules: [
          {
            host: 'todo.example.com',
            http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } }] },
          },
        ],
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 3 },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'api' },
      spec: {
        minAvailable: 1,
        selector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] },
      },
    },
  ];
}

const opts = { externalSecrets: ['regcred'] };

function find(objs: any[], kind: string, name: string): any {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`fixture has no ${kind}/${name}`);
  return o;
}
const apiPod = (objs: any[]) => find(objs, 'Deployment', 'api').spec.template.spec;
const apiContainer = (objs: any[]) => apiPod(objs).containers[0];
const without = (objs: any[], kind: string, name: string) =>
  objs.filter((o) => !(o.kind === kind && o.metadata.name === name));

describe('referenceErrors', () => {
  test('accepts a consistent set of objects', () => {
    expect(referenceErrors(objects(), opts)).toEqual([]);
  });

  test('an external Secret or ConfigMap satisfies a reference', () => {
    const objs = without(without(objects(), 'Secret', 'api-secrets'), 'ConfigMap', 'api-config');
    expect(referenceErrors(objs, { externalSecrets: ['regcred', 'api-secrets'], externalConfigMaps: ['api-config'] })).toEqual([]);
  });

  test('reports an unknown external image pull secret without the option', () => {
    expect(referenceErrors(objects())).toEqual([
      'Deployment/api: Secret "regcred" not found (imagePullSecrets)',
      'ServiceAccount/api: Secret "regcred" not found (imagePullSecrets)',
    ]);
  });

  const cases: Array<[string, (objs: any[]) => any[] | void, string[]]> = [
    ['a Service whose selector matches no workload', (objs) => {
      find(objs, 'Service', 'api').spec.selector = { app: 'apii' };
    }, ["Service/api: selector {app=apii} matches no workload's pod labels"]],
    ['a Service targetPort name that no container declares', (objs) => {
      find(objs, 'Service', 'api').spec.ports[0].targetPort = 'web';
    }, ['Service/api: port "http" targetPort "web" matches no container port of Deployment/api']],
    ['a Service targetPort number that no container declares', (objs) => {
      find(objs, 'Service', 'postgres-headless').spec.ports[0].targetPort = 5433;
    }, ['Service/postgres-headless: port "postgres" targetPort 5433 matches no container port of StatefulSet/postgres']],
    ['a defaulted targetPort that no container declares', (objs) => {
      find(objs, 'Service', 'api').spec.ports[1].port = 9091;
    }, ['Service/api: port "metrics" targetPort 9091 matches no container port of Deployment/api']],
    ['a missing Secret behind secretKeyRef', (objs) => without(objs, 'Secret', 'db'), [
      'StatefulSet/postgres: Secret "db" not found (volume "db-secret")',
      'StatefulSet/postgres: Secret "db" not found (env POSTGRES_PASSWORD of container "postgres")',
    ]],
    ['a missing key in a Secret (data and stringData both count)', (objs) => {
      apiContainer(objs).env[0].valueFrom.secretKeyRef.key = 'DATABASE_URI';
    }, ['Deployment/api: Secret "api-secrets" has no key "DATABASE_URI" (env DATABASE_URL of container "api")']],
    ['a missing envFrom Secret', (objs) => { apiContainer(objs).envFrom[1].secretRef.name = 'nope'; }, [
      'Deployment/api: Secret "nope" not found (envFrom of container "api")',
    ]],
    ['a missing secret volume', (objs) => { apiPod(objs).volumes.push({ name: 'x', secret: { secretName: 'gone' } }); }, [
      'Deployment/api: Secret "gone" not found (volume "x")',
    ]],
    ['a missing projected Secret key', (objs) => {
      apiPod(objs).volumes[2].projected.sources[0].secret.items[0].key = 'PASSWORD';
    }, ['Deployment/api: Secret "api-secrets" has no key "PASSWORD" (volume "creds")']],
    ['a missing Ingress TLS Secret', (objs) => { find(objs, 'Ingress', 'web').spec.tls[0].secretName = 'web-tls'; }, [
      'Ingress/web: Secret "web-tls" not found (tls)',
    ]],
    ['a missing imagePullSecret on the pod', (objs) => { apiPod(objs).imagePullSecrets.push({ name: 'ghcr' }); }, [
      'Deployment/api: Secret "ghcr" not found (imagePullSecrets)',
    ]],
    ['a missing ConfigMap', (objs) => without(objs, 'ConfigMap', 'api-config'), [
      'Deployment/api: ConfigMap "api-config" not found (volume "config")',
      'Deployment/api: ConfigMap "api-config" not found (volume "creds")',
      'Deployment/api: ConfigMap "api-config" not found (env LOG_LEVEL of container "api")',
      'Deployment/api: ConfigMap "api-config" not found (envFrom of container "api")',
    ]],
    ['a missing ConfigMap key', (objs) => {
      apiContainer(objs).env[3].valueFrom.configMapKeyRef.key = 'LOGLEVEL';
      apiPod(objs).volumes[1].configMap.items[0].key = 'app.yml';
    }, [
      'Deployment/api: ConfigMap "api-config" has no key "app.yml" (volume "config")',
      'Deployment/api: ConfigMap "api-config" has no key "LOGLEVEL" (env LOG_LEVEL of container "api")',
    ]],
    ['a missing PersistentVolumeClaim', (objs) => without(objs, 'PersistentVolumeClaim', 'uploads'), [
      'Deployment/api: PersistentVolumeClaim "uploads" not found (volume "uploads")',
    ]],
    ['a volumeMount without a volume', (objs) => { apiContainer(objs).volumeMounts.push({ name: 'cache', mountPath: '/c' }); }, [
      'Deployment/api: volume "cache" not found (volumeMount of container "api")',
    ]],
    ['a StatefulSet volumeMount without a volume or claim template', (objs) => {
      find(objs, 'StatefulSet', 'postgres').spec.volumeClaimTemplates[0].metadata.name = 'pgdata';
    }, ['StatefulSet/postgres: volume "data" not found (volumeMount of container "postgres")']],
    ['a missing ServiceAccount', (objs) => without(objs, 'ServiceAccount', 'api'), [
      'Deployment/api: ServiceAccount "api" not found (serviceAccountName)',
    ]],
    ['an HPA whose target does not exist', (objs) => {
      find(objs, 'HorizontalPodAutoscaler', 'api').spec.scaleTargetRef.name = 'backend';
    }, ['HorizontalPodAutoscaler/api: scaleTargetRef Deployment/backend (apps/v1) not found']],
    ['an HPA whose target has another kind', (objs) => {
      find(objs, 'HorizontalPodAutoscaler', 'api').spec.scaleTargetRef.kind = 'StatefulSet';
    }, ['HorizontalPodAutoscaler/api: scaleTargetRef StatefulSet/api (apps/v1) not found']],
    ['a PDB whose selector matches no workload', (objs) => {
      find(objs, 'PodDisruptionBudget', 'api').spec.selector.matchExpressions[0].values = ['frontend'];
    }, ['PodDisruptionBudget/api: selector {"matchLabels":{"app":"api"},"matchExpressions":[{"key":"tier","operator":"In","values":["frontend"]}]} matches no workload\'s pod labels']],
    ['a PDB without a selector', (objs) => { delete find(objs, 'PodDisruptionBudget', 'api').spec.selector; }, [
      "PodDisruptionBudget/api: selector {} matches no workload's pod labels",
    ]],
    ['an Ingress backend Service that does not exist', (objs) => {
      find(objs, 'Ingress', 'web').spec.rules[0].http.paths[0].backend.service.name = 'frontend';
    }, ['Ingress/web: backend Service "frontend" not found']],
    ['an Ingress backend port name the Service lacks', (objs) => {
      find(objs, 'Ingress', 'web').spec.rules[0].http.paths[0].backend.service.port = { name: 'https' };
    }, ['Ingress/web: backend Service "api" has no port named "https"']],
    ['an Ingress backend port number the Service lacks', (objs) => {
      find(objs, 'Ingress', 'web').spec.defaultBackend.service.port = { number: 8000 };
    }, ['Ingress/web: backend Service "api" has no port 8000']],
    ['a StatefulSet serviceName without a Service', (objs) => { find(objs, 'StatefulSet', 'postgres').spec.serviceName = 'pg'; }, [
      'StatefulSet/postgres: Service "pg" not found (serviceName)',
    ]],
    ['a StatefulSet serviceName pointing at a non-headless Service', (objs) => {
      delete find(objs, 'Service', 'postgres-headless').spec.clusterIP;
    }, ['StatefulSet/postgres: Service "postgres-headless" is not headless (serviceName needs clusterIP: None)']],
  ];

  test.each(cases)('reports %s', (_name, mutate, expected) => {
    let objs = objects();
    objs = mutate(objs) ?? objs;
    expect(referenceErrors(objs, opts)).toEqual(expected);
  });

  test('does not report optional references', () => {
    const objs = objects();
    apiContainer(objs).envFrom.push({ secretRef: { name: 'maybe', optional: true } });
    apiPod(objs).volumes.push({ name: 'maybe', secret: { secretName: 'maybe', optional: true } });
    apiPod(objs).volumes.push({ name: 'maybe-cm', configMap: { name: 'maybe', optional: true } });
    expect(referenceErrors(objs, opts)).toEqual([]);
  });

  test('checks CronJob pod templates and the default ServiceAccount', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cleanup' },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                serviceAccountName: 'default',
                containers: [{ name: 'c', image: 'x', envFrom: [{ configMapRef: { name: 'cleanup' } }] }],
              },
            },
          },
        },
      },
    };
    expect(referenceErrors([...objects(), cron], opts)).toEqual([
      'CronJob/cleanup: ConfigMap "cleanup" not found (envFrom of container "c")',
    ]);
  });
});
