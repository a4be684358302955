/** Starts the control plane once for the whole run; its address reaches the tests through the environment. */
import { CLUSTER_ENV, ClusterInfo, startCluster } from './cluster';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const cluster = await startCluster();
  (globalThis as { testCluster?: typeof cluster }).testCluster = cluster;
  const info: ClusterInfo = { kubeconfig: cluster.kubeconfig, kubectl: cluster.kubectl, dir: cluster.dir, apiserverVersion: cluster.apiserverVersion, etcdVersion: cluster.etcdVersion, kwokVersion: cluster.kwokVersion };
  process.env[CLUSTER_ENV] = JSON.stringify(info);
  (globalThis as { testStarted?: number }).testStarted = started;
  process.stderr.write(`\nserver tier: kube-apiserver ${cluster.apiserverVersion}, etcd ${cluster.etcdVersion}, kwok ${cluster.kwokVersion}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
