/** The Kubernetes versions the chart targets. */
import { ConfigError } from './errors';
import { kubeMinor } from '../template/expr';

/** The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion), and what plain manifests target unless told. */
export const MIN_KUBE_VERSION = '1.28.0';

/** A target version from a flag or setting, checked: a 1.x version no older than the minimum. */
export function targetKubeVersion(flag: string, version: string): string {
  let minor: number;
  try {
    minor = kubeMinor(version);
  } catch {
    throw new ConfigError(`${flag}: must be a Kubernetes version such as 1.30 or v1.30.2 (got ${JSON.stringify(version)})`);
  }
  if (minor < kubeMinor(MIN_KUBE_VERSION)) throw new ConfigError(`${flag}: must be ${MIN_KUBE_VERSION.replace(/\.0$/, '')} or later, the oldest Kubernetes the chart supports (got ${JSON.stringify(version)})`);
  return version.replace(/^v/, '');
}
