import { execFileSync } from 'child_process';
import { CLUSTER_ENV, ClusterInfo } from './support/cluster';

test('the API server answers with its version', () => {
  const c = JSON.parse(process.env[CLUSTER_ENV] as string) as ClusterInfo;
  const v = JSON.parse(execFileSync(c.kubectl, ['--kubeconfig', c.kubeconfig, 'version', '-o', 'json'], { encoding: 'utf-8' }));
  expect(v.serverVersion.gitVersion).toBe(c.apiserverVersion);
});
