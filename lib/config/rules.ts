/**
 * Rules across fields that a JSON schema cannot express. Each is an
 * expression, so synth checks it in TypeScript and the chart checks the same
 * expression with `fail`, with the same message.
 */
import { and, eq, Expr, gt, isSet, ne, not, quantityLess } from '../template/expr';
import { Refs } from './refs';
import { Config } from './schema';

export interface Rule {
  /** The key the message is about. */
  readonly path: string;
  /** True when the configuration breaks the rule. */
  readonly violated: Expr<boolean>;
  /** What is allowed and how to fix it. */
  readonly message: string;
}

interface Scaled {
  readonly autoscaling: Refs<Config['frontend']['autoscaling']>;
  readonly service: Refs<Config['frontend']['service']>;
}

function componentRules(name: string, c: { readonly resources: Refs<Config['frontend']['resources']> }, scaled?: Scaled): Rule[] {
  const rules: Rule[] = [];
  for (const res of ['cpu', 'memory'] as const) {
    rules.push({
      path: `${name}.resources.limits.${res}`,
      violated: quantityLess(c.resources.limits[res], c.resources.requests[res]),
      message: `must be at least ${name}.resources.requests.${res} (a limit below its request is rejected by Kubernetes)`,
    });
  }
  if (scaled) {
    const s = scaled;
    rules.push({
      path: `${name}.autoscaling.minReplicas`,
      violated: gt(s.autoscaling.minReplicas, s.autoscaling.maxReplicas),
      message: `must not exceed ${name}.autoscaling.maxReplicas`,
    });
    rules.push({
      path: `${name}.service.nodePort`,
      violated: and(ne(s.service.type, 'NodePort'), ne(s.service.nodePort, 0)),
      message: `only applies to a NodePort Service: set ${name}.service.type=NodePort or nodePort=0`,
    });
  }
  return rules;
}

/** All cross-field rules of the configuration. */
export function configRules(v: Refs<Config>): Rule[] {
  const sqlite = eq(v.database.mode, 'sqlite');
  return [
    {
      path: 'backend.replicaCount',
      violated: and(sqlite, gt(v.backend.replicaCount, 1)),
      message: 'must be 0 or 1 when database.mode is "sqlite" (one pod owns the ReadWriteOnce volume); use database.mode=postgres or external to run more',
    },
    {
      path: 'backend.autoscaling.enabled',
      violated: and(sqlite, v.backend.autoscaling.enabled),
      message: 'must be false when database.mode is "sqlite" (one pod owns the ReadWriteOnce volume); use database.mode=postgres or external to autoscale',
    },
    ...componentRules('frontend', v.frontend, v.frontend),
    ...componentRules('backend', v.backend, v.backend),
    ...componentRules('database.postgres', v.database.postgres),
    {
      path: 'secrets.databaseUrl',
      violated: and(eq(v.database.mode, 'external'), v.secrets.create, not(isSet(v.secrets.existingSecret)), not(isSet(v.secrets.databaseUrl))),
      message: 'is required when database.mode is "external": set secrets.databaseUrl or secrets.existingSecret',
    },
  ];
}
