import { Construct } from 'constructs';
import type { KubeServiceAccountProps } from '../../imports/k8s';
import { Refs } from '../config/refs';
import { Config } from '../config/schema';
import { serviceAccountName } from '../config/rules';
import { and, Expr } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { Naming } from './naming';

export interface WorkloadServiceAccountProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** Component label of the workload. */
  readonly component: string;
  /** Name of the account when the chart creates it and the values name none. */
  readonly defaultName: Expr<string>;
  /** The serviceAccount values of the workload. */
  readonly account: Refs<Config['frontend']['serviceAccount']>;
  /**
   * The workload exists only when this holds.
   * @default - always
   */
  readonly when?: Expr<boolean>;
}

/**
 * The identity of one workload's pods: an account of its own (created unless
 * serviceAccount.create is false), with no API token mounted unless asked.
 */
export class WorkloadServiceAccount extends Construct {
  /** The account the pods run as. */
  public readonly name: Expr<string>;
  /** Whether the pods get an API token. */
  public readonly automountToken: Expr<boolean>;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    const a = props.account;
    this.name = serviceAccountName(a, props.defaultName);
    this.automountToken = a.automountServiceAccountToken;
    new TemplatedObject<KubeServiceAccountProps>(this, 'service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      when: props.when ? and(props.when, a.create) : a.create,
      manifest: {
        metadata: props.naming.metadata(this.name, props.component, { values: a.annotations }),
        automountServiceAccountToken: a.automountServiceAccountToken,
      },
    });
  }
}
