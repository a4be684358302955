import type { PodSecurityContext, Probe, SecurityContext } from '../../imports/k8s';
import { Expr } from '../template/expr';
import { Tpl } from '../template/tree';

/** Pod-level settings of the Pod Security Standard "restricted". */
export function restrictedPodSecurityContext(sc: { runAsUser: Expr<number>; runAsGroup: Expr<number> }): Tpl<PodSecurityContext> {
  return {
    runAsNonRoot: true,
    runAsUser: sc.runAsUser,
    runAsGroup: sc.runAsGroup,
    fsGroup: sc.runAsGroup,
    // Skips the recursive chown of large volumes when ownership is already right.
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level settings: no privilege escalation, no capabilities, read-only root filesystem. */
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
