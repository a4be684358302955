import type { Probe } from '../../imports/k8s';
import type { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { IConstruct } from 'constructs';
import { isSet, ne } from '../template/expr';
import { TemplatedChart } from '../template/templated-chart';
import { member, Tpl, TreeObject, when } from '../template/tree';

/** The probe values of a workload. */
export type ProbeValues = Pick<
  Refs<Config['frontend']>,
  'startupProbe' | 'readinessProbe' | 'livenessProbe' | 'customStartupProbe' | 'customReadinessProbe' | 'customLivenessProbe'
>;

type Timing = Refs<Config['frontend']['startupProbe']>;

/** One probe: the custom one when set, else the chart's check with the values' timing, or none when disabled. */
function probeField(check: TreeObject, t: Timing, custom: ProbeValues['customStartupProbe']): Tpl<Probe> {
  const own: TreeObject = {
    ...check,
    // Kubernetes' defaults are left out, so plain probes read as before.
    initialDelaySeconds: when(ne(t.initialDelaySeconds, 0), t.initialDelaySeconds),
    periodSeconds: t.periodSeconds,
    timeoutSeconds: t.timeoutSeconds,
    failureThreshold: t.failureThreshold,
    successThreshold: when(ne(t.successThreshold, 1), t.successThreshold),
  };
  return when(isSet(custom), custom, when(t.enabled, own)) as never;
}

/**
 * Startup, readiness and liveness probes around one check (an httpGet or
 * exec), as the values set them: the chart's helper `<component>.probes`,
 * merged into the container.
 */
export function probes(scope: IConstruct, component: string, check: TreeObject, v: ProbeValues): TreeObject {
  const fields = {
    startupProbe: probeField(check, v.startupProbe, v.customStartupProbe),
    readinessProbe: probeField(check, v.readinessProbe, v.customReadinessProbe),
    livenessProbe: probeField(check, v.livenessProbe, v.customLivenessProbe),
  } as TreeObject;
  const description = `The startup, readiness and liveness probes of the ${component} container.`;
  return { [member()]: TemplatedChart.of(scope).namedMap(`${component}.probes`, fields, description) };
}

