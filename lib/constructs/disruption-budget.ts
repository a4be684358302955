import { Construct } from 'constructs';
import type { KubePodDisruptionBudgetProps } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Expr } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { Naming } from './naming';

export interface DisruptionBudgetProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** Component label of the protected pods. */
  readonly component: string;
  /** Object name. */
  readonly name: Expr<string>;
  /** The podDisruptionBudget values. */
  readonly budget: Refs<Config['podDisruptionBudget']>;
}

/** A PodDisruptionBudget for one component's pods, present when enabled. */
export class DisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    new TemplatedObject<KubePodDisruptionBudgetProps>(this, 'pdb', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      when: props.budget.enabled,
      manifest: {
        metadata: props.naming.metadata(props.name, props.component),
        spec: {
          minAvailable: props.budget.minAvailable,
          selector: { matchLabels: props.naming.selectorLabels(props.component) as never },
        },
      },
    });
  }
}
