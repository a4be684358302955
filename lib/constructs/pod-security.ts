import type { PodSecurityContext, SecurityContext } from '../../imports/k8s';
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
