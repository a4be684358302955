import { Construct } from 'constructs';
import type { KubeNetworkPolicyProps, NetworkPolicyIngressRule, NetworkPolicyPeer } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { aiEndpoint, mockLlmEnabled } from '../config/ai-endpoint';
import { and, eq, Expr, isSet, labelled, ne, not, or } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { Tpl, TreeObject, when } from '../template/tree';
import { MOCK_LLM_COMPONENT } from './mock-llm';
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
 * Default deny for the release's pods (other workloads in the namespace keep
 * their own rules), then only what the app needs: the ingress controller to
 * the frontend and backend, the frontend to the backend, the backend to the
 * database, DNS, and the backend out to the LLM API (the port of ai.baseUrl;
 * its namespace for an in-cluster Service) and to an external database. The
 * internet rules can be switched off, and extra rules added for every pod.
 */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const { naming, values: v } = props;
    const ai = aiEndpoint(v);
    const mock = mockLlmEnabled(v);
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
    // Web workloads take traffic from the ingress controller and the test pod, and from anywhere through a NodePort or LoadBalancer Service.
    const webIngress = (component: 'frontend' | 'backend', extraPeers: Array<Tpl<NetworkPolicyPeer>>): Array<Tpl<NetworkPolicyIngressRule> | ReturnType<typeof when>> => [
      { from: [ingressController, pods(TEST_COMPONENT), ...extraPeers], ports: tcp(v[component].port) as never },
      when(ne(v[component].service.type, 'ClusterIP'), { ports: tcp(v[component].port) as never }),
    ];

    policy('default-deny', 'default-deny', { podSelector: { matchLabels: naming.instanceLabels() }, policyTypes: ['Ingress', 'Egress'] });
    const np = v.networkPolicy;
    policy('extra', 'extra', {
      podSelector: { matchLabels: naming.instanceLabels() },
      policyTypes: [when(isSet(np.extraIngress), 'Ingress'), when(isSet(np.extraEgress), 'Egress')],
      ingress: when(isSet(np.extraIngress), np.extraIngress),
      egress: when(isSet(np.extraEgress), np.extraEgress),
    }, labelled('networkPolicy.hasExtraRules', 'Whether networkPolicy.extraIngress or extraEgress holds rules.', or(isSet(np.extraIngress), isSet(np.extraEgress))));
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
        when(and(eq(v.database.mode, 'external'), np.allowExternalEgress), { to: [ANYWHERE], ports: tcp(np.externalDatabasePort) }),
        // The LLM API: the chart's mock, a Service in the cluster, or the internet (Groq and OpenAI over HTTPS by default).
        when(mock, { to: [pods(MOCK_LLM_COMPONENT)], ports: tcp(v.ai.mock.port) }),
        when(labelled('networkPolicy.llmInCluster', 'Whether the backend reaches an LLM Service in the cluster (not the mock).', and(not(mock), ai.inCluster)), { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ai.namespace } } }], ports: tcp(ai.port) }),
        when(labelled('networkPolicy.llmOnInternet', 'Whether the backend may reach the LLM on the internet.', and(not(mock), not(ai.inCluster), np.allowExternalEgress)), { to: [ANYWHERE], ports: tcp(ai.port) }),
      ],
    });
    // Only the backend reaches the mock LLM, and the mock reaches nothing.
    policy('mock-llm', 'mock-llm', {
      podSelector: selector(MOCK_LLM_COMPONENT),
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [pods('backend')], ports: tcp(v.ai.mock.port) }],
    }, mock);
    policy('database', 'database', {
      podSelector: selector('database'),
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [pods('backend')], ports: tcp(5432) }],
    }, eq(v.database.mode, 'postgres'));
  }
}
