import { Construct } from 'constructs';
import type { KubeNetworkPolicyProps, NetworkPolicyIngressRule, NetworkPolicyPeer } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { and, eq, Expr } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { Tpl, TreeObject, when } from '../template/tree';
import { Naming } from './naming';

export interface NetworkPoliciesProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** All values. */
  readonly values: Refs<Config>;
}

/** Component label of the `helm test` pod, which the policies let through. */
export const TEST_COMPONENT = 'test';
const ANYWHERE = { ipBlock: { cidr: '0.0.0.0/0' } };

/**
 * Default deny for the namespace, then only what the app needs: the ingress
 * controller to the frontend and backend, the frontend to the backend, the
 * backend to the database, DNS, and the backend out on 443 to the LLM API (and
 * to an external database).
 */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const { naming, values: v } = props;
    const enabled = v.networkPolicy.enabled;
    const selector = (component: string) => ({ matchLabels: naming.selectorLabels(component) as never });
    const pods = (component: string): Tpl<NetworkPolicyPeer> => ({ podSelector: selector(component) });
    const ingressController: Tpl<NetworkPolicyPeer> = {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': v.networkPolicy.ingressNamespace } as never },
    };
    const tcp = (port: Expr<number> | number) => [{ protocol: 'TCP', port }];
    const policy = (id: string, suffix: string, spec: TreeObject, extraWhen?: Expr<boolean>) =>
      new TemplatedObject<KubeNetworkPolicyProps>(this, id, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        when: extraWhen ? and(enabled, extraWhen) : enabled,
        manifest: { metadata: naming.metadata(naming.name(suffix), 'network-policy'), spec: spec as never },
      });
    // Web workloads take traffic from the ingress controller and the test pod, and from anywhere on a NodePort.
    const webIngress = (component: 'frontend' | 'backend', extraPeers: Array<Tpl<NetworkPolicyPeer>>): Array<Tpl<NetworkPolicyIngressRule> | ReturnType<typeof when>> => [
      { from: [ingressController, pods(TEST_COMPONENT), ...extraPeers], ports: tcp(v[component].port) as never },
      when(eq(v[component].service.type, 'NodePort'), { ports: tcp(v[component].port) as never }),
    ];

    policy('default-deny', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('allow-dns', 'allow-dns', {
      podSelector: { matchLabels: naming.instanceLabels() },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        },
      ],
    });
    policy('frontend', 'frontend', {
      podSelector: selector('frontend'),
      policyTypes: ['Ingress', 'Egress'],
      ingress: webIngress('frontend', []) as never,
      egress: [{ to: [pods('backend')], ports: tcp(v.backend.port) }],
    });
    policy('backend', 'backend', {
      podSelector: selector('backend'),
      policyTypes: ['Ingress', 'Egress'],
      ingress: webIngress('backend', [pods('frontend')]) as never,
      egress: [
        when(eq(v.database.mode, 'postgres'), { to: [pods('database')], ports: tcp(5432) }),
        when(eq(v.database.mode, 'external'), { to: [ANYWHERE], ports: tcp(v.networkPolicy.externalDatabasePort) }),
        // LLM APIs (Groq, OpenAI) over HTTPS.
        { to: [ANYWHERE], ports: tcp(443) },
      ],
    });
    policy('database', 'database', {
      podSelector: selector('database'),
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [pods('backend')], ports: tcp(5432) }],
    }, eq(v.database.mode, 'postgres'));
  }
}
