import { Construct } from 'constructs';
import type { KubeServiceAccountProps } from '../../imports/k8s';
import { Expr } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { Naming } from './naming';

export interface WorkloadServiceAccountProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** Component label of the workload. */
  readonly component: string;
  /** Object name. */
  readonly name: Expr<string>;
  /**
   * The account exists only when this holds.
   * @default - always
   */
  readonly when?: Expr<boolean>;
}

/** A ServiceAccount of its own for one workload, with no API token mounted. */
export class WorkloadServiceAccount extends Construct {
  public readonly name: Expr<string>;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    this.name = props.name;
    new TemplatedObject<KubeServiceAccountProps>(this, 'service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      when: props.when,
      manifest: {
        metadata: props.naming.metadata(props.name, props.component),
        automountServiceAccountToken: false,
      },
    });
  }
}
