import { Construct } from 'constructs';
import type { Container, DeploymentStrategy, EnvVar, KubeDeploymentProps, KubeServiceProps, Volume, VolumeMount } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { and, eq, Expr, isSet, ne, not, str } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { each, Tpl, TreeObject, when } from '../template/tree';
import { Autoscaler } from './autoscaler';
import { DisruptionBudget } from './disruption-budget';
import { Naming } from './naming';
import { httpProbes, RESTRICTED_CONTAINER_SECURITY_CONTEXT, restrictedPodSecurityContext } from './pod-security';
import { WorkloadServiceAccount } from './service-account';

export interface WebWorkloadProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** Component name: object suffix, label and container name. */
  readonly component: string;
  /** The component's values (image, replicas, port, resources, service, autoscaling, env). */
  readonly values: Refs<Config['frontend']> | Refs<Config['backend']>;
  /** Pull secrets of the pods. */
  readonly imagePullSecrets: Expr<string[]>;
  /** The podDisruptionBudget values. */
  readonly disruptionBudget: Refs<Config['podDisruptionBudget']>;
  /** The app's own environment variables (extra ones from values.env follow). */
  readonly env: Array<Tpl<EnvVar>>;
  /**
   * Volumes besides the /tmp scratch volume.
   * @default []
   */
  readonly volumes?: Array<Tpl<Volume>>;
  /**
   * Mounts besides /tmp.
   * @default []
   */
  readonly volumeMounts?: Array<Tpl<VolumeMount>>;
  /**
   * How pods are replaced.
   * @default RollingUpdate with maxUnavailable 0
   */
  readonly strategy?: Tpl<DeploymentStrategy>;
  /**
   * Pod template annotations (e.g. a config checksum that rolls pods on change).
   * @default {}
   */
  readonly podAnnotations?: TreeObject;
}

/** Rolling updates that never take capacity away. */
export const ZERO_DOWNTIME_STRATEGY: Tpl<DeploymentStrategy> = {
  type: 'RollingUpdate',
  rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
};

/**
 * A stateless HTTP workload: ServiceAccount, Deployment, Service, and the
 * optional HorizontalPodAutoscaler and PodDisruptionBudget. Pods pass the
 * Pod Security Standard "restricted" with a read-only root filesystem.
 */
export class WebWorkload extends Construct {
  /** Name of the Deployment and Service. */
  public readonly name: Expr<string>;
  /** Port of the Service. */
  public readonly servicePort: Expr<number>;

  constructor(scope: Construct, id: string, props: WebWorkloadProps) {
    super(scope, id);
    const { naming, component, values: v } = props;
    this.name = naming.name(component);
    this.servicePort = v.service.port;

    const sa = new WorkloadServiceAccount(this, 'account', { naming, component, name: this.name });

    const container: Tpl<Container> = {
      name: component,
      image: str`${v.image.repository}:${v.image.tag}`,
      imagePullPolicy: v.image.pullPolicy,
      ports: [{ name: 'http', containerPort: v.port, protocol: 'TCP' }],
      env: [...props.env, each(v.env, 'string', (value, name) => ({ name, value }))],
      resources: v.resources as never,
      securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
      ...httpProbes(v.healthPath),
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(props.volumeMounts ?? [])],
    };

    new TemplatedObject<KubeDeploymentProps>(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      manifest: {
        metadata: naming.metadata(this.name, component),
        spec: {
          // The autoscaler owns the replica count while it is enabled.
          replicas: when(not(v.autoscaling.enabled), v.replicaCount),
          revisionHistoryLimit: 10,
          selector: { matchLabels: naming.selectorLabels(component) as never },
          strategy: props.strategy ?? ZERO_DOWNTIME_STRATEGY,
          template: {
            metadata: {
              labels: naming.labels(component) as never,
              ...(props.podAnnotations ? { annotations: props.podAnnotations as never } : {}),
            },
            spec: {
              serviceAccountName: sa.name,
              automountServiceAccountToken: false,
              securityContext: restrictedPodSecurityContext(v.securityContext),
              imagePullSecrets: when(isSet(props.imagePullSecrets), [each(props.imagePullSecrets, 'string', (name) => ({ name }))]),
              containers: [container],
              volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }, ...(props.volumes ?? [])],
            },
          },
        },
      },
    });

    new TemplatedObject<KubeServiceProps>(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      manifest: {
        metadata: naming.metadata(this.name, component),
        spec: {
          type: v.service.type,
          selector: naming.selectorLabels(component) as never,
          ports: [
            {
              name: 'http',
              port: v.service.port,
              targetPort: 'http',
              protocol: 'TCP',
              nodePort: when(and(eq(v.service.type, 'NodePort'), ne(v.service.nodePort, 0)), v.service.nodePort),
            },
          ],
        },
      },
    });

    new Autoscaler(this, 'autoscaler', { naming, component, deploymentName: this.name, autoscaling: v.autoscaling });
    new DisruptionBudget(this, 'disruption-budget', { naming, component, name: this.name, budget: props.disruptionBudget });
  }
}
