/** Stops every process of the test cluster and removes its folder, whatever the tests did. */
import { Cluster } from './cluster';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { testCluster?: Cluster; testStarted?: number };
  await g.testCluster?.stop();
  if (g.testStarted) process.stderr.write(`server tier: took ${((Date.now() - g.testStarted) / 1000).toFixed(1)} s in all, servers stopped\n`);
}
