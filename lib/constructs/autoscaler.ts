import { Construct } from 'constructs';
import type { KubeHorizontalPodAutoscalerV2Props } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Expr, ne } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { when } from '../template/tree';
import { Naming } from './naming';

export interface AutoscalerProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** Component label of the scaled Deployment. */
  readonly component: string;
  /** Name of the Deployment (and of the autoscaler). */
  readonly deploymentName: Expr<string>;
  /** The autoscaling values of the component. */
  readonly autoscaling: Refs<Config['frontend']['autoscaling']>;
}

/** A HorizontalPodAutoscaler on CPU use, and memory use when it has a target, present when autoscaling is enabled. */
export class Autoscaler extends Construct {
  constructor(scope: Construct, id: string, props: AutoscalerProps) {
    super(scope, id);
    const a = props.autoscaling;
    new TemplatedObject<KubeHorizontalPodAutoscalerV2Props>(this, 'hpa', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      when: a.enabled,
      manifest: {
        metadata: props.naming.metadata(props.deploymentName, props.component),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deploymentName },
          minReplicas: a.minReplicas,
          maxReplicas: a.maxReplicas,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: a.targetCPUUtilizationPercentage } },
            },
            when(ne(a.targetMemoryUtilizationPercentage, 0), {
              type: 'Resource',
              resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.targetMemoryUtilizationPercentage } },
            }),
          ],
        },
      },
    });
  }
}
