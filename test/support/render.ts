/** Renders the app in-process with pinned generated secrets. */
import { ConfigInput, PROFILE_NAMES } from '../../lib/config';
import { render } from '../../lib/synth';
import { GeneratedSpec } from '../../lib/template/expr';
import { parseManifests, ROOT, valuesFile } from './helm';

/** A fixed stand-in for random secrets, so output is byte-stable. */
export const PINNED = (spec: GeneratedSpec) => 'g'.repeat(spec.length);

export interface RenderCase {
  readonly profile?: string;
  readonly values?: ConfigInput;
  readonly release?: string;
  readonly namespace?: string;
  /** Kubernetes version of the target cluster. */
  readonly kubeVersion?: string;
}

export function renderCase(c: RenderCase) {
  const valuesFiles = c.values ? [valuesFile(c.values)] : [];
  return render({ root: ROOT, profile: c.profile, valuesFiles, release: c.release, namespace: c.namespace, generate: PINNED, kubeVersion: c.kubeVersion });
}

export function objectsOf(c: RenderCase): any[] {
  return parseManifests(renderCase(c).manifests);
}

export { PROFILE_NAMES };
