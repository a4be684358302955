import { execFileSync } from 'child_process';
import { CLUSTER_ENV, ClusterInfo } from './support/cluster';
import { getObject, kubectlOk, namespace } from './support/kube';

const c = JSON.parse(process.env[CLUSTER_ENV] as string) as ClusterInfo;

test('the API server answers with its version', () => {
  const v = JSON.parse(execFileSync(c.kubectl, ['--kubeconfig', c.kubeconfig, 'version', '-o', 'json'], { encoding: 'utf-8' }));
  expect(v.serverVersion.gitVersion).toBe(c.apiserverVersion);
});

test('a Deployment rolls out: the controllers make its pods, the scheduler places them, kwok makes them Ready', () => {
  const ns = namespace('smoke');
  const deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'pause', namespace: ns },
    spec: {
      replicas: 2, selector: { matchLabels: { app: 'pause' } },
      template: {
        metadata: { labels: { app: 'pause' } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
        },
      },
    },
  };
  kubectlOk(['apply', '-f', '-'], JSON.stringify(deployment));
  kubectlOk(['rollout', 'status', 'deployment/pause', '-n', ns, '--timeout=60s']);
  expect(getObject(ns, 'deployment/pause').status.readyReplicas).toBe(2);
});
