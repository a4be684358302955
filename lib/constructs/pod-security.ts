import type { PodSecurityContext, Probe, SecurityContext } from '../../imports/k8s';
import { Refs } from '../config/refs';
import { Config } from '../config/schema';
import { Expr, isSet } from '../template/expr';
import { Tpl, when } from '../template/tree';

/**
 * Pod-level settings of the Pod Security Standard "restricted", from a
 * podSecurityContext value (its schema allows nothing that breaks them). A
 * removed user or group is left to the cluster, as OpenShift assigns them.
 */
export function restrictedPodSecurityContext(sc: Refs<Config['frontend']['podSecurityContext']>): Tpl<PodSecurityContext> {
  return {
    runAsNonRoot: true,
    runAsUser: when(isSet(sc.runAsUser), sc.runAsUser as Expr<number>),
    runAsGroup: when(isSet(sc.runAsGroup), sc.runAsGroup as Expr<number>),
    fsGroup: when(isSet(sc.runAsGroup), sc.runAsGroup as Expr<number>),
    fsGroupChangePolicy: sc.fsGroupChangePolicy,
    seccompProfile: sc.seccompProfile as never,
  };
}

/** Container-level settings of pods the chart runs for itself (the helm test): no privilege escalation, no capabilities, read-only root filesystem. */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT: Tpl<SecurityContext> = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Startup, readiness and liveness probes on one HTTP endpoint of the named port `http`. */
export function httpProbes(path: Expr<string>): { startupProbe: Tpl<Probe>; readinessProbe: Tpl<Probe>; livenessProbe: Tpl<Probe> } {
  const httpGet = { path, port: 'http' };
  const startupProbe: Tpl<Probe> = { httpGet, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30 };
  const readinessProbe: Tpl<Probe> = { httpGet, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 };
  const livenessProbe: Tpl<Probe> = { httpGet, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 };
  return { startupProbe, readinessProbe, livenessProbe };
}
