/**
 * Rules across fields that a JSON schema cannot express. Each is an
 * expression, so synth checks it in TypeScript and the chart checks the same
 * expression with `fail`, with the same message.
 */
import { and, byteLength, eq, Expr, gt, isSet, matches, ne, not, or, quantityLess, release, withDefault } from '../template/expr';
import { DNS_1035_LABEL, DNS_LABEL } from './fields';
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

/** The prefix of every object name: fullnameOverride, else the release name. */
export function fullnameExpr(v: Refs<Config>): Expr<string> {
  return withDefault(v.fullnameOverride, release.name);
}

/** Longest release name Helm takes; objects add suffixes such as "-frontend" within 63 characters. */
export const RELEASE_NAME_MAX = 53;
/** A StatefulSet's revision label is "<name>-<hash of up to 10>": "<fullname>-postgres" may be 52 characters. */
export const POSTGRES_FULLNAME_MAX = 52 - '-postgres'.length;

/**
 * Rules on where the chart is installed and what its objects are named:
 * the release name, the namespace and the length of the name prefix.
 * Both outputs check them, synth before it renders and the chart in
 * validate.yaml, since Helm itself accepts names Kubernetes then refuses.
 */
export function targetRules(v: Refs<Config>): Rule[] {
  const fullname = fullnameExpr(v);
  return [
    {
      path: 'release name',
      violated: and(not(isSet(v.fullnameOverride)), or(not(matches(release.name, DNS_1035_LABEL)), gt(byteLength(release.name), RELEASE_NAME_MAX))),
      message: `must start with a letter and be a DNS label of at most ${RELEASE_NAME_MAX} characters (lower-case letters, digits and "-"), since it prefixes every object name; or set fullnameOverride`,
    },
    {
      path: 'namespace',
      violated: or(not(matches(release.namespace, DNS_LABEL)), gt(byteLength(release.namespace), 63)),
      message: 'must be a DNS label of at most 63 characters: lower-case letters, digits and "-"',
    },
    {
      path: 'fullnameOverride',
      violated: and(eq(v.database.mode, 'postgres'), gt(byteLength(fullname), POSTGRES_FULLNAME_MAX)),
      message: `(or the release name when it is empty) must be at most ${POSTGRES_FULLNAME_MAX} characters when database.mode is "postgres" (the StatefulSet's name and revision label must fit 63 characters)`,
    },
  ];
}
