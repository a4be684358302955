import { Construct } from 'constructs';
import type { KubeNetworkPolicyProps, KubePodProps } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Expr, str } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { Naming } from './naming';
import { imageReference, imageRegistry, pullSecrets } from './pod-options';
import { TEST_COMPONENT } from './network-policies';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, restrictedPodSecurityContext } from './pod-security';

export interface SmokeTestProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** All values. */
  readonly values: Refs<Config>;
  /** Frontend Service name. */
  readonly frontendService: Expr<string>;
  /** Backend Service name. */
  readonly backendService: Expr<string>;
}

const HOOK = {
  'helm.sh/hook': 'test',
  'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
};

// Python is in the backend image, so the test needs no image of its own.
const CHECK_SCRIPT = [
  'import sys, urllib.request',
  'for url in sys.argv[1:]:',
  '    with urllib.request.urlopen(url, timeout=10) as r:',
  '        print(url, r.status)',
  '        assert r.status == 200, url',
].join('\n');

/**
 * The `helm test` hook: a pod that calls the backend health endpoint and the
 * frontend page through their Services. Chart only; it passes Pod Security
 * "restricted" like every other pod.
 */
export class SmokeTest extends Construct {
  constructor(scope: Construct, id: string, props: SmokeTestProps) {
    super(scope, id);
    const { naming, values: v } = props;
    const name = naming.name('test');
    new TemplatedObject<KubePodProps>(this, 'pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      chartOnly: true,
      manifest: {
        metadata: naming.metadata(name, TEST_COMPONENT, { fixed: { ...HOOK, 'helm.sh/hook-weight': '1' } }),
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          imagePullSecrets: pullSecrets(v.imagePullSecrets),
          securityContext: restrictedPodSecurityContext(v.backend.podSecurityContext),
          containers: [
            {
              name: 'smoke-test',
              image: imageReference(v.backend.image, imageRegistry(v)),
              imagePullPolicy: v.backend.image.pullPolicy,
              command: [
                'python',
                '-c',
                CHECK_SCRIPT,
                str`http://${props.backendService}:${v.backend.service.port}${v.backend.healthPath}`,
                str`http://${props.frontendService}:${v.frontend.service.port}${v.frontend.healthPath}`,
              ],
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
              securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
            },
          ],
        },
      },
    });
    // The namespace denies all traffic by default; let the test pod reach the two Services.
    new TemplatedObject<KubeNetworkPolicyProps>(this, 'network-policy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      chartOnly: true,
      when: v.networkPolicy.enabled,
      manifest: {
        metadata: naming.metadata(name, TEST_COMPONENT, { fixed: { ...HOOK, 'helm.sh/hook-weight': '0' } }),
        spec: {
          podSelector: { matchLabels: naming.selectorLabels(TEST_COMPONENT) as never },
          policyTypes: ['Egress'],
          egress: [
            { to: [{ podSelector: { matchLabels: naming.selectorLabels('backend') as never } }], ports: [{ protocol: 'TCP', port: v.backend.port }] },
            { to: [{ podSelector: { matchLabels: naming.selectorLabels('frontend') as never } }], ports: [{ protocol: 'TCP', port: v.frontend.port }] },
          ],
        },
      },
    });
  }
}
