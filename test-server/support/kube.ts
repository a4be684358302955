/** kubectl and helm against the test cluster, never the user's kubeconfig. */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CHART, chartWithVersion, helmBinary, HelmMajor, parseManifests, ROOT, valuesFile } from '../../test/support/helm';
import { renderCase, RenderCase } from '../../test/support/render';
import { tempFile } from '../../test/support/tmp';
import { CLUSTER_ENV, ClusterInfo } from './cluster';

export { CHART, chartWithVersion, parseManifests, ROOT, tempFile, valuesFile };

export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function cluster(): ClusterInfo {
  const raw = process.env[CLUSTER_ENV];
  if (!raw) throw new Error(`${CLUSTER_ENV} is not set: run these tests with npm run test:server`);
  return JSON.parse(raw) as ClusterInfo;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Result {
  const r = spawnSync(file, args, { encoding: 'utf-8', env, input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** The environment that points every tool at the test cluster and keeps helm's state in a temp folder. */
export function clusterEnv(): NodeJS.ProcessEnv {
  const c = cluster();
  const home = path.join(c.dir, 'helm-home');
  return { ...process.env, KUBECONFIG: c.kubeconfig, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') };
}

export function kubectl(args: string[], input?: string): Result {
  return run(cluster().kubectl, args, clusterEnv(), input);
}

/** kubectl that must succeed; returns its output. */
export function kubectlOk(args: string[], input?: string): string {
  const r = kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

export function helm(major: HelmMajor, args: string[]): Result {
  return run(helmBinary(major), args, clusterEnv());
}

/** A namespace for one test, labelled to enforce Pod Security "restricted" as the plain manifests' Namespace does. */
export function namespace(name: string): string {
  kubectlOk(['create', 'namespace', name]);
  kubectlOk(['label', 'namespace', name, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/enforce-version=latest']);
  return name;
}

/** Reads until `done` holds or `timeoutMs` passes, and returns the last value read, for the test to assert on. */
export function settle<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 60_000): T {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
}

/** The objects of a release once the garbage collector has had time to remove `gone` (pods of deleted workloads). */
export function releaseObjectsAfterCleanup(ns: string, release: string, gone = /^pod\//): string[] {
  return settle(() => releaseObjects(ns, release), (objects) => !objects.some((o) => gone.test(o)));
}

/** The plain manifests for a case, written to a file for `kubectl -f`. */
export function distFile(c: RenderCase): string {
  return tempFile('dist.yaml', renderCase(c).manifests);
}

/** The profile's values file of the chart (none for local). */
export function profileValues(profile: string): string[] {
  return profile === 'local' ? [] : ['-f', path.join(CHART, `values-${profile}.yaml`)];
}

/** `kind/name` of every object of a release in a namespace, of the kinds the chart makes. */
export function releaseObjects(ns: string, release: string): string[] {
  const kinds = 'deployments,statefulsets,services,ingresses,networkpolicies,configmaps,secrets,serviceaccounts,horizontalpodautoscalers,poddisruptionbudgets,persistentvolumeclaims,pods';
  return kubectlOk(['get', kinds, '-n', ns, '-l', `app.kubernetes.io/instance=${release}`, '-o', 'name']).split('\n').filter(Boolean).sort();
}

/**
 * `kind/name: ready` for every Deployment and StatefulSet of a release that
 * has at least as many Ready pods as it wants (as helm --wait counts: pods of
 * the old version may still be Ready while they go), else `kind/name: R/D ready`.
 */
export function workloadReadiness(ns: string, release: string): string[] {
  const list = JSON.parse(kubectlOk(['get', 'deployments,statefulsets', '-n', ns, '-l', `app.kubernetes.io/instance=${release}`, '-o', 'json']));
  return list.items
    .map((o: any) => {
      const [ready, desired] = [o.status.readyReplicas ?? 0, o.spec.replicas];
      return `${o.kind}/${o.metadata.name}: ${ready >= desired ? 'ready' : `${ready}/${desired} ready`}`;
    })
    .sort();
}

/** The same list as it reads once every workload is Ready. */
export function allReady(readiness: string[]): string[] {
  return readiness.map((line) => line.replace(/: .*$/, ': ready'));
}

/** One object as JSON; an empty namespace for a cluster-scoped object. */
export function getObject(ns: string, ref: string): any {
  return JSON.parse(kubectlOk(['get', ref, ...(ns ? ['-n', ns] : []), '-o', 'json']));
}

/** A key of a Secret, decoded. */
export function secretValue(ns: string, name: string, key: string): string {
  const data = getObject(ns, `secret/${name}`).data ?? {};
  return Buffer.from(data[key] ?? '', 'base64').toString('utf-8');
}
