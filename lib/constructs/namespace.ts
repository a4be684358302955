import { Construct } from 'constructs';
import { EvaluatedObject } from '../template/templated-object';

export interface AppNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /**
   * Labels besides the Pod Security ones.
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/** Pod Security Admission labels that enforce, audit and warn on the "restricted" standard. */
export const POD_SECURITY_LABELS: Record<string, string> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/**
 * The namespace of the plain manifests, enforcing Pod Security "restricted".
 * The chart has no Namespace: Helm creates it with --create-namespace.
 */
export class AppNamespace extends Construct {
  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    new EvaluatedObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: props.name, labels: { ...props.labels, ...POD_SECURITY_LABELS } },
    });
  }
}
