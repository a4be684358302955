import { Construct } from 'constructs';
import type { Container, DeploymentStrategy, EnvVar, KubeDeploymentProps, KubeServiceProps, Lifecycle, Volume, VolumeMount } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { and, eq, Expr, gt, isSet, kubeVersionAtLeast, ne, not, or } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { each, Tpl, when } from '../template/tree';
import { Autoscaler } from './autoscaler';
import { DisruptionBudget } from './disruption-budget';
import { Naming } from './naming';
import { containerEnv, extraContainers, extraEnv, extraEnvFrom, extraVolumeMounts, extraVolumes, imageReference, podMetadata, podScheduling, pullSecrets } from './pod-options';
import { restrictedPodSecurityContext } from './pod-security';
import { probes } from './probes';
import { settingsChecksums } from './settings-checksum';
import { WorkloadServiceAccount } from './service-account';

export interface WebWorkloadProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** Component name: object suffix, label and container name. */
  readonly component: string;
  /** The component's values (image, replicas, port, resources, service, autoscaling, env). */
  readonly values: Refs<Config['frontend']> | Refs<Config['backend']>;
  /** Pull secrets of the pods: names or `{name}` objects. */
  readonly imagePullSecrets: Expr<Array<string | { name: string }>>;
  /** Registry put before the image repository (global.imageRegistry). */
  readonly imageRegistry: Expr<string>;
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
   * When the pods must be replaced all at once whatever the values say (the SQLite backend).
   * @default - never
   */
  readonly mustRecreate?: Expr<boolean>;
  /**
   * The command that sleeps for the shutdown delay where the preStop sleep action is missing (before Kubernetes 1.30), run by the image's own runtime: the images have no `sleep` binary to count on.
   */
  readonly sleepCommand: (seconds: Expr<number>) => Array<string | Expr<string>>;
}

/** The first Kubernetes minor version whose preStop `sleep` action is on by default (beta). */
export const PRE_STOP_SLEEP_MINOR = 30;

/**
 * A preStop delay: the pod keeps serving while the endpoints controller and
 * the ingress drop it, so a rollout does not send requests to a stopping pod.
 */
function shutdownDelay(seconds: Expr<number>, sleepCommand: WebWorkloadProps['sleepCommand']): Tpl<Lifecycle> {
  return when(
    gt(seconds, 0),
    { preStop: when(kubeVersionAtLeast(PRE_STOP_SLEEP_MINOR), { sleep: { seconds } } as never, { exec: { command: sleepCommand(seconds) } }) },
  ) as never;
}


/** Recreate when asked or required; else a rolling update at the values' pace. */
function deploymentStrategy(u: Refs<Config['frontend']['updateStrategy']>, mustRecreate?: Expr<boolean>): Tpl<DeploymentStrategy> {
  const recreate = mustRecreate ? or(mustRecreate, eq(u.type, 'Recreate')) : eq(u.type, 'Recreate');
  return when(recreate, { type: 'Recreate' }, { type: 'RollingUpdate', rollingUpdate: { maxSurge: u.rollingUpdate.maxSurge as never, maxUnavailable: u.rollingUpdate.maxUnavailable as never } }) as never;
}

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

    const sa = new WorkloadServiceAccount(this, 'account', { naming, component, defaultName: this.name, account: v.serviceAccount });

    const container: Tpl<Container> = {
      name: component,
      image: imageReference(v.image, props.imageRegistry),
      imagePullPolicy: v.image.pullPolicy,
      ports: [{ name: 'http', containerPort: v.port, protocol: 'TCP' }],
      env: containerEnv(this, component, [...props.env, each(v.env, 'string', (value, name) => ({ name, value })), extraEnv(v)] as never) as never,
      envFrom: extraEnvFrom(v),
      resources: v.resources as never,
      securityContext: v.containerSecurityContext as never,
      ...(probes(this, component, { httpGet: { path: v.healthPath, port: 'http' } }, v) as object),
      lifecycle: shutdownDelay(v.shutdownDelaySeconds, props.sleepCommand),
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(props.volumeMounts ?? []), extraVolumeMounts(v)],
    };

    new TemplatedObject<KubeDeploymentProps>(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      manifest: {
        metadata: naming.metadata(this.name, component),
        spec: {
          // The autoscaler owns the replica count while it is enabled.
          replicas: when(not(v.autoscaling.enabled), v.replicaCount),
          revisionHistoryLimit: v.revisionHistoryLimit,
          selector: { matchLabels: naming.selectorLabels(component) as never },
          strategy: deploymentStrategy(v.updateStrategy, props.mustRecreate),
          template: {
            metadata: podMetadata(naming, component, v, settingsChecksums(this, component, props.env)) as never,
            spec: {
              ...(podScheduling(naming, component, v) as object),
              serviceAccountName: sa.name,
              automountServiceAccountToken: sa.automountToken as never,
              securityContext: restrictedPodSecurityContext(v.podSecurityContext),
              imagePullSecrets: pullSecrets(props.imagePullSecrets),
              initContainers: when(isSet(v.initContainers), [extraContainers(v, v.initContainers)]),
              containers: [container, extraContainers(v, v.sidecars)],
              volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }, ...(props.volumes ?? []), extraVolumes(v)],
            },
          },
        },
      },
    });

    new TemplatedObject<KubeServiceProps>(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      manifest: {
        metadata: naming.metadata(this.name, component, { values: v.service.annotations }),
        spec: {
          type: v.service.type,
          loadBalancerClass: when(and(eq(v.service.type, 'LoadBalancer'), isSet(v.service.loadBalancerClass)), v.service.loadBalancerClass),
          externalTrafficPolicy: when(and(ne(v.service.type, 'ClusterIP'), isSet(v.service.externalTrafficPolicy)), v.service.externalTrafficPolicy),
          selector: naming.selectorLabels(component) as never,
          ports: [
            {
              name: 'http',
              port: v.service.port,
              targetPort: 'http',
              protocol: 'TCP',
              nodePort: when(and(ne(v.service.type, 'ClusterIP'), ne(v.service.nodePort, 0)), v.service.nodePort),
            },
          ],
        },
      },
    });

    new Autoscaler(this, 'autoscaler', { naming, component, deploymentName: this.name, autoscaling: v.autoscaling });
    new DisruptionBudget(this, 'disruption-budget', { naming, component, name: this.name, budget: v.pdb });
  }
}
