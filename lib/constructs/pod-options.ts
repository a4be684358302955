/**
 * The pod-level settings every workload takes from its values (scheduling,
 * extra labels, annotations and environment, image reference, pull
 * secrets), as manifest fragments shared by the Deployments and the
 * StatefulSet.
 */
import type { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Dict, Expr, hasKey, isSet, isString, labelled, mergeMaps, or, str, ternary, ValueRef } from '../template/expr';
import { IConstruct } from 'constructs';
import { TemplatedChart } from '../template/templated-chart';
import { Each, each, member, NamedMap, spread, TreeArray, TreeObject, When, when } from '../template/tree';
import { Naming } from './naming';

/** The values behind these settings, the same for every component. */
export type PodValues = Pick<
  Refs<Config['frontend']>,
  | 'podAnnotations'
  | 'podLabels'
  | 'nodeSelector'
  | 'tolerations'
  | 'affinity'
  | 'topologySpreadConstraints'
  | 'priorityClassName'
  | 'terminationGracePeriodSeconds'
  | 'extraEnvVars'
  | 'extraEnvVarsSecret'
  | 'extraEnvVarsCM'
  | 'extraVolumes'
  | 'extraVolumeMounts'
  | 'initContainers'
  | 'sidecars'
  | 'containerSecurityContext'
>;

/** global.imageRegistry: `global` takes any key from a parent chart, so its type has no named fields. */
export function imageRegistry(v: Refs<Config>): Expr<string> {
  return (v.global as unknown as { imageRegistry: Expr<string> }).imageRegistry;
}

/** `[<registry>/]<repository>` then `@<digest>`, or `:<tag>` without a digest. */
export function imageReference(image: Refs<Config['frontend']['image']>, registry: Expr<string>): Expr<string> {
  const prefix = labelled('imageRegistry', 'global.imageRegistry and a slash, or nothing.', ternary(isSet(registry), str`${registry}/`, ''));
  const name = (image.repository as ValueRef).path.slice(0, -1).join('.');
  return labelled(name, `The ${name} to run: registry, repository, then @digest or :tag.`, str`${prefix}${image.repository}${ternary(isSet(image.digest), str`@${image.digest}`, str`:${image.tag}`)}`);
}

/** A container's env list as the chart's helper `<component>.env`: the settings the chart passes, then the values' own. */
export function containerEnv(scope: IConstruct, component: string, items: TreeArray): NamedMap {
  return TemplatedChart.of(scope).namedMap(`${component}.env`, items, `The environment of the ${component} container: the chart's settings, then the values' own variables.`);
}

/** `imagePullSecrets` from a list of names or `{name}` objects. */
export function pullSecrets(list: Expr<Array<string | { name: string }>>): When {
  return when(isSet(list), [each(list, 'any', (item) => when(isString(item), { name: item }, item))]);
}

/** Pod template metadata: the component's labels plus podLabels, the chart's annotations plus podAnnotations. */
export function podMetadata(naming: Naming, component: string, v: PodValues, annotations: TreeObject = {}): TreeObject {
  const extra = { [member()]: spread(v.podAnnotations) };
  return {
    labels: naming.labels(component, naming.podLabels(v.podLabels)),
    annotations: Object.keys(annotations).length ? { ...annotations, ...extra } : when(isSet(v.podAnnotations), extra),
  };
}

/** Scheduling fields of a pod spec. Spread constraints without a labelSelector get the component's. */
export function podScheduling(naming: Naming, component: string, v: PodValues): TreeObject {
  const labelSelector = new Dict({ labelSelector: new Dict({ matchLabels: naming.selectorLabelsExpr(component) }) });
  return {
    nodeSelector: when(isSet(v.nodeSelector), v.nodeSelector),
    tolerations: when(isSet(v.tolerations), v.tolerations),
    affinity: when(isSet(v.affinity), v.affinity),
    topologySpreadConstraints: when(isSet(v.topologySpreadConstraints), [
      each(v.topologySpreadConstraints, 'object', (item) => when(hasKey(item as Expr<Record<string, unknown>>, 'labelSelector'), item, mergeMaps(item as Expr<Record<string, unknown>>, labelSelector))),
    ]),
    priorityClassName: when(isSet(v.priorityClassName), v.priorityClassName),
    terminationGracePeriodSeconds: v.terminationGracePeriodSeconds,
  };
}

/** The extra variables, after the chart's own (a rule keeps their names apart). */
export function extraEnv(v: PodValues): Each {
  return each(v.extraEnvVars, 'object', (item) => item);
}

/** The extra volumes of the pod, after the chart's. */
export function extraVolumes(v: PodValues): Each {
  return each(v.extraVolumes, 'object', (item) => item);
}

/** The extra mounts of the main container, after the chart's. */
export function extraVolumeMounts(v: PodValues): Each {
  return each(v.extraVolumeMounts, 'object', (item) => item);
}

/** Sidecars or init containers, each with the component's container security context (their own is refused). */
export function extraContainers(v: PodValues, list: Expr<unknown[]>): Each {
  const securityContext = new Dict({ securityContext: v.containerSecurityContext });
  return each(list, 'object', (item) => mergeMaps(securityContext, item as Expr<Record<string, unknown>>));
}

/** `envFrom` for extraEnvVarsSecret and extraEnvVarsCM. */
export function extraEnvFrom(v: PodValues): When {
  return when(or(isSet(v.extraEnvVarsSecret), isSet(v.extraEnvVarsCM)), [
    when(isSet(v.extraEnvVarsCM), { configMapRef: { name: v.extraEnvVarsCM } }),
    when(isSet(v.extraEnvVarsSecret), { secretRef: { name: v.extraEnvVarsSecret } }),
  ]);
}
