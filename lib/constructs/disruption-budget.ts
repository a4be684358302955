import { Construct } from 'constructs';
import type { KubePodDisruptionBudgetProps } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { podCountUnset } from '../config/rules';
import { and, Expr, not } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { when } from '../template/tree';
import { Naming } from './naming';

export interface DisruptionBudgetProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** Component label of the protected pods. */
  readonly component: string;
  /** Object name. */
  readonly name: Expr<string>;
  /** The pdb values of the component. */
  readonly budget: Refs<Config['frontend']['pdb']>;
  /**
   * The workload exists only when this holds.
   * @default - always
   */
  readonly when?: Expr<boolean>;
}

/**
 * A PodDisruptionBudget for one component's pods, when pdb.create is set:
 * minAvailable or maxUnavailable as given, else one pod down at a time,
 * which never blocks a node drain.
 */
export class DisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    const b = props.budget;
    const minUnset = podCountUnset(b.minAvailable);
    const maxUnset = podCountUnset(b.maxUnavailable);
    new TemplatedObject<KubePodDisruptionBudgetProps>(this, 'pdb', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      when: props.when ? and(props.when, b.create) : b.create,
      manifest: {
        metadata: props.naming.metadata(props.name, props.component),
        spec: {
          minAvailable: when(not(minUnset), b.minAvailable as never),
          maxUnavailable: when(not(maxUnset), b.maxUnavailable as never, when(minUnset, 1)),
          selector: { matchLabels: props.naming.selectorLabels(props.component) as never },
        },
      },
    });
  }
}
